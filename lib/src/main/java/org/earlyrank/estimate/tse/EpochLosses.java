package org.earlyrank.estimate.tse;

import org.earlyrank.estimate.RunView;

/**
 * The minibatch training losses of one run's epochs 1..t (t = the budget), as the training-speed
 * estimators read them. Each epoch's mean is computed at most once and shared by every view
 * ({@link #upTo}) of the same instance, so one estimator scoring every budget 1..T of a run reads each
 * minibatch loss once: the score-tse stage gives each estimator its own instance per run, so the
 * measured time of each score is what that estimator spent on it (the mean of epoch t is paid for by
 * its score at budget t).
 *
 * <p>Epoch means are unweighted over minibatches (the paper's (1/B) sum over the B minibatches of an epoch);
 * a NaN or infinite loss makes the mean NaN or infinite, and the estimators then give no score.
 * Not thread-safe: one stage thread scores one run at a time.
 */
public final class EpochLosses {
    private final Memo memo;
    private final int budget;

    /** Per-run storage shared by every view. */
    private static final class Memo {
        final double[][] losses;  // index epoch - 1; null when the epoch has no minibatch losses
        final double[] means;
        final boolean[] done;

        Memo(double[][] losses) {
            this.losses = losses;
            this.means = new double[losses.length];
            this.done = new boolean[losses.length];
        }
    }

    private EpochLosses(Memo memo, int budget) {
        this.memo = memo;
        this.budget = budget;
    }

    /**
     * The losses of epochs 1..{@code budget} of a run; reads nothing after the budget. An epoch without
     * minibatch losses (an imported run, or epochs the view hides) reads as missing.
     */
    public static EpochLosses of(RunView run, int budget) {
        if (budget < 1) {
            throw new IllegalArgumentException("budget must be >= 1, got " + budget);
        }
        RunView h = run.upTo(budget);
        double[][] l = new double[budget][];
        int visible = Math.min(budget, h.budget());
        for (int e = 1; e <= visible; e++) {
            l[e - 1] = h.stepLosses(e);
        }
        return new EpochLosses(new Memo(l), budget);
    }

    /** A view hiding every epoch after {@code t}; shares the computed means. */
    public EpochLosses upTo(int t) {
        if (t < 1 || t > budget) {
            throw new IllegalArgumentException("budget " + t + " is outside 1.." + budget);
        }
        return new EpochLosses(memo, t);
    }

    /** The last visible epoch. */
    public int budget() {
        return budget;
    }

    private double[] visible(int epoch) {
        if (epoch < 1 || epoch > budget) {
            throw new IllegalArgumentException("epoch " + epoch + " is outside the budget 1.." + budget);
        }
        double[] l = memo.losses[epoch - 1];
        return l == null || l.length == 0 ? null : l;
    }

    /** Minibatches recorded in an epoch; 0 when it has none. */
    public int count(int epoch) {
        double[] l = visible(epoch);
        return l == null ? 0 : l.length;
    }

    /** The epoch's mean minibatch loss, or null when it has no minibatch losses. */
    public Double mean(int epoch) {
        double[] l = visible(epoch);
        if (l == null) {
            return null;
        }
        int i = epoch - 1;
        if (!memo.done[i]) {
            double s = 0;
            for (double v : l) {
                s += v;
            }
            memo.means[i] = s / l.length;
            memo.done[i] = true;
        }
        return memo.means[i];
    }

    /** Sum of the last {@code n} minibatch losses of an epoch (1 <= n <= count), or null when it has none. */
    public Double tailSum(int epoch, int n) {
        double[] l = visible(epoch);
        if (l == null) {
            return null;
        }
        if (n < 1 || n > l.length) {
            throw new IllegalArgumentException("n must be in 1.." + l.length + ", got " + n);
        }
        double s = 0;
        for (int k = l.length - n; k < l.length; k++) {
            s += l[k];
        }
        return s;
    }

    /** The loss of the epoch's last minibatch, or null when it has none. */
    public Double last(int epoch) {
        double[] l = visible(epoch);
        return l == null ? null : l[l.length - 1];
    }
}
