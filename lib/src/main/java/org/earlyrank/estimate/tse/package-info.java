/**
 * Training speed estimation (TSE) and its baselines: the estimators of the {@code score-tse} stage
 * ({@link org.earlyrank.estimate.tse.ScoreTseStage}), each scoring a run at budget T from the run's history
 * truncated to T, higher meaning better (losses are negated).
 *
 * <p>Notation: L_t is epoch t's mean minibatch training loss, the unweighted mean of the epoch's
 * {@code steps.loss} values (each the cross-entropy of one minibatch in training mode before its update),
 * i.e. the paper's (1/B) sum over the epoch's B minibatches.
 *
 * <table>
 *   <caption>Estimators, in report order (option {@code score-tse.estimators}; names as in {@code estimates.estimator})</caption>
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
 *   <tr><td>{@code tse-eb}</td><td>-(L_1 + ... + L_min(T, T_eff)): TSE under the effective budget of
 *       Algorithm 1 ({@link org.earlyrank.estimate.tse.EffectiveBudget})</td><td>steps</td></tr>
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
 * and T_eff = round(0.9 T_o); T_o = T_end when none overfits. The stage records both in options.json
 * ({@code overfit_epoch}, {@code effective_budget_epoch}) and scores {@code tse-eb}; every estimator is
 * still scored at every budget so the report can compare. What EarlyRank recommends: TSE at a budget of
 * at most T_eff epochs.
 *
 * <p>Tables: estimators that read steps declare {@code requiredTables() = {"steps"}}; on an imported sweep
 * (runs.source = import, no steps) the stage skips them with a note. NaN or infinite losses, and epochs
 * without the rows an estimator reads, give no score (no row), never NaN.
 *
 * <p>References: Ru, Lyle, Schut, Fil, van der Wilk, Gal, "Speedy performance estimation for neural
 * architecture search", NeurIPS 2021: Eq. 1 (TSE), Eq. 2 (TSE-E), Eq. 3 (TSE-EMA), Algorithm 1 (effective
 * budget), the baselines it compares against (early-stopped validation accuracy, SoVL, TLmini). NASLib
 * (automl/NASLib), predictors/soloss.py (SoTL-EMA).
 */
package org.earlyrank.estimate.tse;
