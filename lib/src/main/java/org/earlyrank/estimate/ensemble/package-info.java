/**
 * Feature-history estimators: the classifier ensemble ({@code fh-ensemble}) and the stored
 * ({@code fh-original}) and re-optimised ({@code fh-optimized}) heads it is compared with, the head
 * optimiser (softmax regression by SGD in plain Java arrays), a run's feature histories read per run, and
 * the {@code fit-ensemble} stage that scores every run in one Spark task per run.
 *
 * <p>These estimators read {@code features} and {@code heads}, which {@link org.earlyrank.estimate.RunHistory}
 * does not carry, so they work on {@link org.earlyrank.estimate.ensemble.FeatureHistory} (truncated to the
 * budget the same way) and write {@code estimates} rows that the report ranks like any other estimator's.
 *
 * <p>References: Cao, "Efficient model performance estimation via feature histories", Master's thesis,
 * Carnegie Mellon University, CMU-RI-TR-21-09, 2021: Algorithm 1 (ensemble of classifier heads over the
 * feature histories of the last K epochs), Figure 3.1 (original vs optimised vs ensemble heads), Appendix
 * A.1 (head optimisation: SGD, momentum 0.9, weight decay 5e-4, learning rate 0.05 decayed linearly to
 * zero, batch 1024, 5 epochs).
 */
package org.earlyrank.estimate.ensemble;
