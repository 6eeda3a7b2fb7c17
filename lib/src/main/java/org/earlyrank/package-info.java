/**
 * EarlyRank: trains many candidate architectures on Spark with Deeplearning4j, records what cheap
 * performance estimators need, and measures how well each estimator ranks the candidates early.
 *
 * <p>Layers, each depending only on those below it (no two-way package dependencies):
 * <ul>
 *   <li>{@code pipeline}: the registry of stages and estimators, the sweep and a stage run on its own;</li>
 *   <li>the stages' engines: {@code train}, {@code data.curves}, {@code estimate.*}, {@code report},
 *       {@code mip}, {@code finaltrain};</li>
 *   <li>the contracts: {@code stage} (a stage and its runner), {@code estimate} (an estimator family and
 *       its registry);</li>
 *   <li>the ground: {@code store} (sweep folder, Parquet), {@code schema}, {@code config}, {@code spark}
 *       (session and fan-out), {@code space}, {@code data}, {@code rank}, {@code base}.</li>
 * </ul>
 * {@code org.earlyrank.jobs} (module jobs) holds the thin entry points, one per stage.
 */
package org.earlyrank;
