/**
 * The report sections other stages declare for their tables ({@code ReportedStage.reportSections()}):
 * fit-svr's curve regression and early stopping, prune-mip's MIP, train-final's final runs. Each implements
 * {@link org.earlyrank.report.ReportSection} and reads its tables through the report's context; the
 * report's own sections (overview, best by budget, tau against budget, predicted against true, metrics)
 * live in {@code org.earlyrank.report}, which does not depend on this package.
 */
package org.earlyrank.report.sections;
