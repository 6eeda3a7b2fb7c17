/**
 * Learning-curve extrapolation after Domhan, Springenberg and Hutter, "Speeding up automatic hyperparameter
 * optimization of deep neural networks by extrapolation of learning curves" (IJCAI 2015): the eleven parametric
 * curve families of their Table 1 ({@link org.earlyrank.estimate.lce.CurveFamily}), their least-squares fits, the
 * weighted combination with Gaussian noise and its prior ({@link org.earlyrank.estimate.lce.CurveCombination}),
 * an affine-invariant ensemble sampler ({@link org.earlyrank.estimate.lce.EnsembleSampler}), and the posterior
 * predictive of a run's final value from its own partial curve
 * ({@link org.earlyrank.estimate.lce.CurveExtrapolation}). Plain Java on arrays; deterministic given a seed.
 * fit-svr uses it through {@link org.earlyrank.estimate.svr.LceFits}.
 */
package org.earlyrank.estimate.lce;
