/**
 * A Bayesian neural network over learning curves after Klein, Falkner, Springenberg and Hutter, "Learning curve
 * prediction with Bayesian neural networks" (ICLR 2017): the LC-Net, whose output layer is a combination of
 * parametric curves in the epoch ({@link org.earlyrank.estimate.bnn.LcNet}), sampled by scale-adapted
 * stochastic-gradient HMC (Springenberg et al., NIPS 2016; {@link org.earlyrank.estimate.bnn.Sghmc}), with its
 * posterior predictive mean and variance ({@link org.earlyrank.estimate.bnn.BayesianCurveNet}). Plain Java on
 * arrays (the networks are tiny: two layers of 50); deterministic given a seed. fit-svr uses it through
 * {@link org.earlyrank.estimate.svr.BnnFits}.
 */
package org.earlyrank.estimate.bnn;
