/**
 * Training speed estimation (TSE) and its baselines: the {@code tse} family
 * ({@link org.earlyrank.estimate.tse.TseFamily}, scored by {@link org.earlyrank.estimate.tse.ScoreTseStage}),
 * each estimator scoring a run at budget T from the run's view truncated to T, higher meaning better (losses
 * are negated). The family's list {@code TseFamily.ESTIMATORS} registers them: a new one is one class and
 * one entry there.
 *
 * <p>Notation: L_t is epoch t's mean minibatch training loss, the unweighted mean of the epoch's
 * {@code steps.loss} values (each the cross-entropy of one minibatch in training mode before its update),
 * i.e. the paper's (1/B) sum over the epoch's B minibatches.
 *
 * <table>
 *   <caption>Estimators, in report order (option {@code score-tse.estimators}, default {@code all}; names as in {@code estimates.estimator})</caption>
 *   <tr><th>name</th><th>score at budget T</th><th>reads</th></tr>
 *   <tr><td>{@code tse}</td><td>-(L_1 + ... + L_T), the paper's Eq. 1</td><td>steps</td></tr>
 *   <tr><td>{@code tse-e}</td><td>-(sum of L_t over the last E epochs), Eq. 2; E = {@code score-tse.e} (default 1),
 *       fractional E counts the last minibatches of a partial epoch, each weighted 1/B
 *       ({@link org.earlyrank.estimate.tse.TseEEstimator})</td><td>steps</td></tr>
 *   <tr><td>{@code tse-ema}</td><td>-(sum over t &lt;= T of gamma^(T-t) L_t), Eq. 3; gamma = {@code score-tse.gamma}
 *       (default 0.999)</td><td>steps</td></tr>
 *   <tr><td>{@code val-acc}</td><td>validation accuracy after epoch T (early stopping at T)</td><td>curves</td></tr>
 *   <tr><td>{@code sovl}</td><td>-(sum of the validation losses after epochs 1..T)</td><td>curves</td></tr>
 *   <tr><td>{@code tl-mini}</td><td>-(loss of the last minibatch of epoch T)</td><td>steps</td></tr>
 *   <tr><td>{@code tse-prev}</td><td>-(L_1 + ... + L_(T-1)): the original code's convention; no score at T = 1</td><td>steps</td></tr>
 *   <tr><td>{@code tse-ema-naslib}</td><td>-(m_1 + ... + m_T), m_1 = L_1, m_t = (1-mu) m_(t-1) + mu L_t:
 *       NASLib's SoTL-EMA; mu = {@code score-tse.naslib_mu} (default 0.99)</td><td>steps</td></tr>
 *   <tr><td>{@code tse-e-eb}</td><td>{@code tse-e} at min(T, T_eff): TSE-E stopped at the effective budget of
 *       Algorithm 1 ({@link org.earlyrank.estimate.tse.EffectiveBudget},
 *       {@link org.earlyrank.estimate.tse.EffectiveBudgetEstimator})</td><td>steps</td></tr>
 *   <tr><td>{@code tse-ema-eb}</td><td>{@code tse-ema} at min(T, T_eff)</td><td>steps</td></tr>
 * </table>
 *
 * <p>Which definition EarlyRank follows: the paper's. The reference implementations differ from it: the
 * authors' original code sums the training losses of the epochs before the current one (so its "TSE at
 * T" is the paper's TSE at T-1) and uses a moving average that is not the paper's weighted sum; NASLib
 * sums a moving average with mu = 0.99 that weights the newest epoch by mu. {@code tse}, {@code tse-e}
 * and {@code tse-ema} are Eq. 1-3 as printed; {@code tse-prev} and {@code tse-ema-naslib} reproduce the
 * two conventions that are cheap to offer, for comparison with numbers published with that code. The
 * original code's own moving average is not reproduced.
 *
 * <p>Effective budget (Algorithm 1): T_o, the earliest epoch after which any of N_s fully trained runs
 * overfits (validation loss rising {@code overfit_patience} epochs in a row while training loss falls),
 * and T_eff = floor(0.9 T_o), at least 1 (the whole epochs within 0.9 T_o; the one budget not rounded half
 * up); T_o = T_end when none overfits. Algorithm 1 outputs "the effective training budget T_effective to use
 * TSE-EMA or TSE-E", so it feeds those two: {@code tse-e-eb} and {@code tse-ema-eb}, held constant after
 * T_eff. The stage records T_o and T_eff in options.json ({@code overfit_epoch},
 * {@code effective_budget_epoch}); every estimator is still scored at every budget so the report can compare,
 * and the report draws the paper's Figure 3 rule (the estimator up to T_eff, validation accuracy beyond).
 *
 * <p>Tables: estimators that read steps declare {@code requiredTables() = {"steps"}}; on an imported sweep
 * (runs.source = import, no steps) the family's {@code fit} leaves them out and the stage notes why. NaN or infinite losses, and epochs
 * without the rows an estimator reads, give no score (no row), never NaN.
 *
 * <p>References: Ru, Lyle, Schut, Fil, van der Wilk, Gal, "Speedy performance estimation for neural
 * architecture search", NeurIPS 2021: Eq. 1 (TSE), Eq. 2 (TSE-E), Eq. 3 (TSE-EMA), Algorithm 1 (effective
 * budget), the baselines it compares against (early-stopped validation accuracy, SoVL, TLmini). NASLib
 * (automl/NASLib), predictors/soloss.py (SoTL-EMA).
 */
package org.earlyrank.estimate.tse;
