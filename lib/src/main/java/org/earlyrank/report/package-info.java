/**
 * The {@code report} stage: every estimator's rank correlation at every budget against the truth
 * ({@code rank_correlation}), and one self-contained page ({@code report/index.html}, charts as inline
 * SVG) built from {@link org.earlyrank.report.ReportSection}s: the report's own, and those every
 * {@link org.earlyrank.report.ReportedStage} declares for its tables (fit-svr, prune-mip, train-final), in
 * the order of the pipeline's registry. Knows estimators only by the rows of {@code estimates}.
 */
package org.earlyrank.report;
