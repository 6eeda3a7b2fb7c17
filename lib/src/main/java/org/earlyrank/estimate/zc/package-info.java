/**
 * Zero-cost proxies: budget-0 estimators computed from a run's untrained network and its first training
 * minibatches (Abdelfattah et al., "Zero-cost proxies for lightweight NAS", ICLR 2021; NASLib): grad-norm,
 * snip, grasp, fisher, synflow, jacov, and the parameter and FLOP counts as naive baselines
 * ({@link org.earlyrank.estimate.zc.ZeroCostProxies} has each definition, sign and reference).
 *
 * <p>Where they run: right after a run's network is initialised and before its first update, on that
 * network, so no run builds a second network. In {@code RunTrainer.train}, after
 * {@code net = newNetwork(totalSteps)} (fresh start, not a restored checkpoint) and the oneDNN helpers:
 * <pre>{@code
 * List<ProxyScore> zc = ZeroCostProxies.compute(net, shapeOf(data),
 *         ProxyBatch.firstMinibatches(train, spec.seed(), batch, minibatches), EnumSet.allOf(ZeroCostProxy.class));
 * }</pre>
 * then one {@code estimates} row per proxy at budget_epoch 0 with {@code ProxyScore.seconds()} as its
 * cost. The computation leaves the parameters untouched and the training that follows identical
 * (tested). {@link org.earlyrank.estimate.zc.ProxySweep} computes the same offline for a finished sweep
 * by rebuilding each run's initial network from its seed (the benchmark path).
 */
package org.earlyrank.estimate.zc;
