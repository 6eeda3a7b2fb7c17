/**
 * The {@code report} stage: every estimator's rank correlation at every budget against the truth
 * ({@code rank_correlation}), and one self-contained page ({@code report/index.html}, charts as inline
 * SVG) built from {@link org.earlyrank.report.ReportSection}s, so that later stages add sections for
 * their own tables. Knows estimators only by the rows of {@code estimates}.
 */
package org.earlyrank.report;
