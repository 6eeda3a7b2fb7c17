/**
 * The report page's core sections: overview, best estimator by budget, Kendall tau against budget,
 * predicted against true accuracy, and the metrics table. Each implements
 * {@link org.earlyrank.report.ReportSection}.
 */
package org.earlyrank.report.sections;
