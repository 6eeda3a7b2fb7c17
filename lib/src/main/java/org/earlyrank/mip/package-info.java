/**
 * Minimum importance pruning (MIP): the search for a budgeted performance estimator (BPE), a cheap
 * training setting whose ranking of architectures agrees with full training ({@code bin/earlyrank
 * prune-mip}, default config {@code conf/mip.yaml}).
 *
 * <h2>Algorithm</h2>
 * An architecture set G (n architectures sampled from the {@code space} section, or the first n ok runs
 * of {@code prune-mip.reference_sweep}) is fully trained once, giving the reference ranking R_f. The
 * budget space Omega holds at least 4 training parameters with discrete values ({@link BudgetSpace}).
 * Until every parameter is fixed ({@link MipSearch}):
 * <ol>
 *   <li>T settings b are drawn from the cost-aware categorical distribution of Eq. 2
 *       ({@link CostAwareSampler}: per free parameter, p(v) proportional to exp(-c(v) / temperature), c the
 *       modelled cost of {@link FlopsCostModel} with the other parameters at their cheapest values, in
 *       multiples of the cheapest setting's cost);</li>
 *   <li>G is trained under every b, all (architecture, setting) pairs of the iteration in one Spark
 *       fan-out ({@link PairTraining}, through the training engine {@code TrainingEngine} of the train stage), and
 *       r_s = Spearman(R_b, R_f) ({@link Spearman}, average ranks for ties);</li>
 *   <li>(b, r_s) joins D; a Smile random forest, every parameter a split candidate at every node (Eq. 6),
 *       regresses r_s on the settings in D and each free parameter's importance is its share of the whole
 *       forest's decrease in impurity (Eq. 7-8, {@link ImportanceForest});</li>
 *   <li>the least important free parameter is fixed (Eq. 9): to its cheapest value if its importance is
 *       below {@code importance_threshold} (0.1), else to its value in the trial of D with the best
 *       r_s.</li>
 * </ol>
 * The setting left when all are fixed is scored too ({@code kind = final}). The answer ("chosen") is the
 * scored budget setting with the highest objective {@code r_s - lambda x mean_cost / full_cost}.
 *
 * <h2>Choices where the paper leaves room (also in the classes' docs)</h2>
 * <ul>
 *   <li>Sign of lambda: Eq. 1 prints "+ lambda" before the cost term, but the text asks for a setting
 *       that ranks well at low cost, so cost is penalised ({@code prune-mip.cost_lambda}, named so because
 *       {@code lambda} is a Java keyword and section keys map to record components).</li>
 *   <li>r_s is undefined when R_b is constant (or fewer than 3 architectures have a truth): it is
 *       recorded as 0 with {@code spearman_defined = false}, as the issue asks, so D stays numeric. This
 *       departs from the tables' general rule (undefined statistics are NULL) on purpose.</li>
 *   <li>R_b and R_f are final validation accuracies, as Eq. 1 and Algorithm 1 (lines 4 and 10) have
 *       them; full training's final test accuracy is only reported ({@code mip_pairs.test_acc},
 *       {@code mip_trials.spearman_test}). A pair that diverged or failed ranks below every ok pair.</li>
 *   <li>The forest is fitted on every parameter of Omega, pruned ones included (their values varied in
 *       earlier trials), and their splits count in Eq. 8's denominator. When no tree splits (D too small,
 *       or r_s constant), every importance is 0, the first parameter in Omega's order is fixed to its
 *       cheapest value.</li>
 *   <li>Eq. 2's unit: the paper writes exp(-FLOPs); costs here are multiples of the cheapest setting's, so
 *       the temperature says how concentrated the draws are (at 1, a value that doubles the cost is e times
 *       less likely).</li>
 *   <li>Cost model: mean over G of forward FLOPs per image x epochs x (3 x training images +
 *       evaluation images), since the train stage evaluates validation and test images every epoch.
 *       Batch size and learning rate do not enter it (uniform in Eq. 2; for Eq. 9 ties fall to the lower
 *       measured cost in D). Measured costs (mip_trials.mean_cost_seconds) are wall seconds of training
 *       minus feature capture; pairs train without feature histories, which MIP does not need.</li>
 * </ul>
 *
 * <h2>Output: a sweep folder of its own</h2>
 * {@code --out DIR} gives {@code DIR/<sweep_id>/} (sweep id = the config's {@code name}, "mip" for
 * conf/mip.yaml), which the stage owns (do not run {@code train} into the same folder):
 * <ul>
 *   <li>{@code runs/}, {@code curves/}, {@code steps/}, {@code features/} (empty), {@code heads/}: every
 *       (architecture, setting) pair trained, as a train sweep publishes them (run_id = pair id);</li>
 *   <li>{@code mip_trials/}: one row per scored setting: reference (iteration 0), sampled, final. Its
 *       schema depends on Omega: after {@code setting_id}, one column per budget parameter in the order
 *       of {@code prune-mip.parameters} ({@link PruneMipStage#trialsTable});</li>
 *   <li>{@code mip_importance/}, {@code mip_decisions/}: per iteration, the free parameters'
 *       importances (>= 0, shares of the whole forest) and the one parameter fixed, with the rule and
 *       reason;</li>
 *   <li>{@code mip_pairs/}: run_id to (arch_id, setting_id), with the accuracies that made R_b and R_f;
 *       reference pairs of a reference sweep carry that sweep's run ids;</li>
 *   <li>{@code mip_confirmation/}: with {@code prune-mip.confirm_architectures} m > 0, the chosen setting
 *       checked on m architectures outside G (sampled beside G, or the reference sweep's next ok runs),
 *       trained at full and at the chosen setting after the search: r_s there with a Fisher-z interval
 *       ({@link Confirmation}). r_s on G is optimistic, since the search kept the best of many noisy
 *       settings;</li>
 *   <li>{@code options.json}: the resolved options and a summary (best setting, its r_s, cost ratio,
 *       decisions, pairs trained now);</li>
 *   <li>{@code report/index.html}, {@code rank_correlation/} (empty: no estimates here): the report stage,
 *       which the pipeline runs after prune-mip (the stage itself runs no other stage), draws the overview
 *       and the MIP section (importance per iteration, decisions, r_s against cost with the chosen
 *       setting).</li>
 * </ul>
 * While the stage runs, {@code _staging/prune-mip/} is the persistent store of trained pairs: each pair
 * is one committed unit named by its run id, {@code p-} and a hash of the architecture, its seed, the
 * complete setting, the fixed knobs and the dataset options. A pair once committed is never trained
 * again: not in a later iteration, not when drawn twice, not when a crashed stage is re-run (each
 * iteration's draws are seeded from (seed, iteration), so a re-run draws the same settings). Changing
 * any option needs {@code --overwrite} (which starts afresh) or another {@code --sweep-id}.
 *
 * <h2>References</h2>
 * X. Zheng, R. Ji, L. Tang, Y. Wang, X. Chao, B. Zhang, "Rethinking performance estimation in neural
 * architecture search", CVPR 2020, Section 4, Eq. 1-9, Algorithm 1. L. Breiman, "Random forests",
 * Machine Learning 45, 2001 (mean decrease in impurity).
 */
package org.earlyrank.mip;
