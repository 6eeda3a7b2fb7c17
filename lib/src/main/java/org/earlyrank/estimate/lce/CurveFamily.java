package org.earlyrank.estimate.lce;

import java.util.ArrayList;
import java.util.List;

/**
 * The eleven parametric learning-curve families of Domhan, Springenberg and Hutter, "Speeding up automatic
 * hyperparameter optimization of deep neural networks by extrapolation of learning curves" (IJCAI 2015),
 * Table 1, as functions of the epoch x &gt;= 1:
 * <pre>
 *   vap            exp(a + b/x + c ln x)                   (vapor pressure)
 *   pow3           c - a x^(-alpha)
 *   loglog-linear  ln(a ln x + b)
 *   hill3          ymax x^eta / (kappa^eta + x^eta)
 *   log-power      a / (1 + (x / e^b)^c)
 *   pow4           c - (a x + b)^(-alpha)
 *   mmf            alpha - (alpha - beta) / (1 + (kappa x)^delta)      (Morgan-Mercer-Flodin)
 *   exp4           c - exp(-a x^alpha + b)
 *   janoschek      alpha - (alpha - beta) exp(-kappa x^delta)
 *   weibull        alpha - (alpha - beta) exp(-(kappa x)^delta)
 *   ilog2          c - a / ln(x + 1)
 * </pre>
 * ilog2 reads ln(x + 1), not the table's ln x, so that it is defined at the first epoch (x = 1), as in the
 * authors' reference implementation. A value that is not a finite real number (a logarithm of a
 * non-positive number, an overflow) is NaN, which the model's prior rejects.
 *
 * <p>Each family also declares the box of its uniform parameter prior ({@link #lower}, {@link #upper}):
 * the paper leaves these priors flat; we bound them so the posterior is proper, with bounds wide enough
 * not to bind on curves of accuracies in [0, 1] (rates and exponents positive where the family needs it to
 * be a rising curve), and data-driven starting points for the least-squares fits ({@link #starts}).
 */
public enum CurveFamily {
    VAPOR_PRESSURE("vap", new double[]{-100, -100, -100}, new double[]{100, 100, 100}) {
        @Override
        double value(double x, double lnx, double[] p, int o, double pre) {
            return Math.exp(p[o] + p[o + 1] / x + p[o + 2] * lnx);
        }

        @Override
        List<double[]> starts(double[] x, double[] y, Shape s) {
            // ln y = a + b/x + c ln x is linear in (a, b, c).
            double[] w = linearFit(x, y, v -> v > 0 ? Math.log(v) : Double.NaN,
                    new java.util.function.DoubleUnaryOperator[]{t -> 1, t -> 1 / t, Math::log});
            List<double[]> out = new ArrayList<>();
            if (w != null) {
                out.add(w);
            }
            out.add(new double[]{Math.log(Math.max(s.last(), 1e-3)), -0.5, 0.0});
            return out;
        }
    },
    POW3("pow3", new double[]{-10, -100, 1e-6}, new double[]{10, 100, 100}) {
        @Override
        double value(double x, double lnx, double[] p, int o, double pre) {
            return p[o] - p[o + 1] * Math.exp(-p[o + 2] * lnx);
        }

        @Override
        List<double[]> starts(double[] x, double[] y, Shape s) {
            double c = s.top();
            return List.of(new double[]{c, c - s.first(), 0.5}, new double[]{c, c - s.first(), 1.5},
                    new double[]{c + s.gap(), c + s.gap() - s.first(), 0.2});
        }
    },
    LOGLOG_LINEAR("loglog-linear", new double[]{-100, -100}, new double[]{100, 100}) {
        @Override
        double value(double x, double lnx, double[] p, int o, double pre) {
            double u = p[o] * lnx + p[o + 1];
            return u > 0 ? Math.log(u) : Double.NaN;
        }

        @Override
        List<double[]> starts(double[] x, double[] y, Shape s) {
            // e^y = a ln x + b is linear in (a, b).
            double[] w = linearFit(x, y, Math::exp,
                    new java.util.function.DoubleUnaryOperator[]{Math::log, t -> 1});
            List<double[]> out = new ArrayList<>();
            if (w != null) {
                out.add(w);
            }
            out.add(new double[]{0.1, Math.exp(s.first())});
            return out;
        }
    },
    HILL3("hill3", new double[]{-10, -100, 1e-6}, new double[]{10, 100, 1e4}, true) {
        @Override
        double value(double x, double lnx, double[] p, int o, double pre) {
            // ymax x^eta / (kappa^eta + x^eta) = ymax / (1 + (kappa / x)^eta)
            return p[o] / (1 + Math.exp(p[o + 1] * (pre - lnx)));
        }

        @Override
        List<double[]> starts(double[] x, double[] y, Shape s) {
            double mid = Math.max(1, x[x.length / 2]);
            return List.of(new double[]{s.top(), 1, mid}, new double[]{s.top(), 0.5, 1},
                    new double[]{s.top() + s.gap(), 2, x[x.length - 1]});
        }
    },
    LOG_POWER("log-power", new double[]{-10, -100, -100}, new double[]{10, 100, 100}) {
        @Override
        double value(double x, double lnx, double[] p, int o, double pre) {
            // a / (1 + (x / e^b)^c) = a / (1 + exp(c (ln x - b)))
            return p[o] / (1 + Math.exp(p[o + 2] * (lnx - p[o + 1])));
        }

        @Override
        List<double[]> starts(double[] x, double[] y, Shape s) {
            return List.of(new double[]{s.top(), 0, -1}, new double[]{s.top(), Math.log(Math.max(1, x[x.length / 2])), -1},
                    new double[]{s.top() + s.gap(), 1, -0.5});
        }
    },
    POW4("pow4", new double[]{-10, -1e4, -1e4, 1e-6}, new double[]{10, 1e4, 1e4, 100}) {
        @Override
        double value(double x, double lnx, double[] p, int o, double pre) {
            double u = p[o + 1] * x + p[o + 2];
            return u > 0 ? p[o] - Math.exp(-p[o + 3] * Math.log(u)) : Double.NaN;
        }

        @Override
        List<double[]> starts(double[] x, double[] y, Shape s) {
            List<double[]> out = new ArrayList<>();
            for (double alpha : new double[]{0.5, 1.0}) {
                double c = s.top();
                // (a + b)^(-alpha) = c - y_1 with a = b
                double sum = Math.pow(Math.max(c - s.first(), 1e-3), -1 / alpha);
                out.add(new double[]{c, sum / 2, sum / 2, alpha});
            }
            return out;
        }
    },
    MMF("mmf", new double[]{-10, -10, 1e-6, 1e-6}, new double[]{10, 10, 1e4, 100}, true) {
        @Override
        double value(double x, double lnx, double[] p, int o, double pre) {
            return p[o] - (p[o] - p[o + 1]) / (1 + Math.exp(p[o + 3] * (pre + lnx)));
        }

        @Override
        List<double[]> starts(double[] x, double[] y, Shape s) {
            double mid = Math.max(1, x[x.length / 2]);
            return List.of(new double[]{s.top(), s.first() - s.gap(), 1 / mid, 1},
                    new double[]{s.top() + s.gap(), 0, 1, 1});
        }
    },
    EXP4("exp4", new double[]{-10, 1e-6, -100, 1e-6}, new double[]{10, 100, 100, 10}) {
        @Override
        double value(double x, double lnx, double[] p, int o, double pre) {
            return p[o] - Math.exp(-p[o + 1] * Math.exp(p[o + 3] * lnx) + p[o + 2]);
        }

        @Override
        List<double[]> starts(double[] x, double[] y, Shape s) {
            double c = s.top();
            double g = Math.log(Math.max(c - s.first(), 1e-3));
            return List.of(new double[]{c, 0.5, g + 0.5, 1}, new double[]{c, 1, g + 1, 0.5});
        }
    },
    JANOSCHEK("janoschek", new double[]{-10, -10, 1e-6, 1e-6}, new double[]{10, 10, 100, 10}) {
        @Override
        double value(double x, double lnx, double[] p, int o, double pre) {
            return p[o] - (p[o] - p[o + 1]) * Math.exp(-p[o + 2] * Math.exp(p[o + 3] * lnx));
        }

        @Override
        List<double[]> starts(double[] x, double[] y, Shape s) {
            return List.of(new double[]{s.top(), s.first() - s.gap(), 0.5, 1},
                    new double[]{s.top() + s.gap(), 0, 0.3, 0.5});
        }
    },
    WEIBULL("weibull", new double[]{-10, -10, 1e-6, 1e-6}, new double[]{10, 10, 1e4, 100}, true) {
        @Override
        double value(double x, double lnx, double[] p, int o, double pre) {
            return p[o] - (p[o] - p[o + 1]) * Math.exp(-Math.exp(p[o + 3] * (pre + lnx)));
        }

        @Override
        List<double[]> starts(double[] x, double[] y, Shape s) {
            double mid = Math.max(1, x[x.length / 2]);
            return List.of(new double[]{s.top(), s.first() - s.gap(), 1 / mid, 1},
                    new double[]{s.top() + s.gap(), 0, 0.5, 0.7});
        }
    },
    ILOG2("ilog2", new double[]{-100, -100}, new double[]{100, 100}) {
        @Override
        double value(double x, double lnx, double[] p, int o, double pre) {
            return p[o] - p[o + 1] / Math.log(x + 1);
        }

        @Override
        List<double[]> starts(double[] x, double[] y, Shape s) {
            // y = c - a / ln(x + 1) is linear in (c, a).
            double[] w = linearFit(x, y, v -> v, new java.util.function.DoubleUnaryOperator[]{t -> 1,
                    t -> -1 / Math.log(t + 1)});
            List<double[]> out = new ArrayList<>();
            if (w != null) {
                out.add(w);
            }
            out.add(new double[]{s.top(), (s.top() - s.first()) * Math.log(2)});
            return out;
        }
    };

    private final String key;
    private final double[] lower;
    private final double[] upper;
    private final boolean kappa;

    CurveFamily(String key, double[] lower, double[] upper) {
        this(key, lower, upper, false);
    }

    /** @param kappa whether the third parameter is a scale kappa of x (hill3, mmf, weibull): see {@link #pre} */
    CurveFamily(String key, double[] lower, double[] upper, boolean kappa) {
        this.key = key;
        this.lower = lower;
        this.upper = upper;
        this.kappa = kappa;
    }

    /** The family's name, e.g. {@code pow3}. */
    public String key() {
        return key;
    }

    /** Number of parameters. */
    public int arity() {
        return lower.length;
    }

    /** Lower bound of parameter i's uniform prior. */
    public double lower(int i) {
        return lower[i];
    }

    /** Upper bound of parameter i's uniform prior. */
    public double upper(int i) {
        return upper[i];
    }

    /** True when the parameters {@code p[o .. o + arity)} lie in the prior's box. */
    public boolean inBox(double[] p, int o) {
        for (int i = 0; i < lower.length; i++) {
            double v = p[o + i];
            if (!(v >= lower[i] && v <= upper[i])) {
                return false;
            }
        }
        return true;
    }

    /** The curve at epoch x (&gt;= 1) with the parameters {@code p[0 .. arity)}. */
    public double value(double x, double[] p) {
        return value(x, Math.log(x), p, 0, pre(p, 0));
    }

    /**
     * The curve at epoch x with parameters {@code p[o .. o + arity)}; {@code lnx} = ln x and {@code pre} =
     * {@link #pre}, passed in because the sampler evaluates every family at the same epochs many times.
     */
    abstract double value(double x, double lnx, double[] p, int o, double pre);

    /**
     * What the family computes once per parameter vector rather than per epoch: ln kappa, the same at every
     * epoch, for the families with a kappa ({@code p[o + 2]}), else 0.
     */
    double pre(double[] p, int o) {
        return kappa ? Math.log(p[o + 2]) : 0;
    }

    /** Starting points for the least-squares fit of the observed (x, y). */
    abstract List<double[]> starts(double[] x, double[] y, Shape s);

    /**
     * A summary of the observed curve the starting points are built from.
     *
     * @param first the first observed value
     * @param last  the last observed value
     * @param gap   how much the curve rose (at least 0.01)
     */
    record Shape(double first, double last, double gap) {
        static Shape of(double[] y) {
            double first = y[0];
            double last = y[y.length - 1];
            double max = java.util.Arrays.stream(y).max().orElse(last);
            return new Shape(first, Math.max(last, max), Math.max(0.01, Math.max(last, max) - first));
        }

        /** A guess of the asymptote: a little above the best value seen, at most 1. */
        double top() {
            return Math.min(1.0, last + 0.5 * gap);
        }
    }

    /**
     * Least squares of {@code g(y) ~ sum_j w_j basis_j(x)} by the normal equations; null when g(y) is not
     * finite somewhere or the system is singular (too few points).
     */
    static double[] linearFit(double[] x, double[] y, java.util.function.DoubleUnaryOperator g,
                              java.util.function.DoubleUnaryOperator[] basis) {
        int k = basis.length;
        if (x.length < k) {
            return null;
        }
        double[][] a = new double[k][k + 1];
        for (int i = 0; i < x.length; i++) {
            double gy = g.applyAsDouble(y[i]);
            if (!Double.isFinite(gy)) {
                return null;
            }
            double[] b = new double[k];
            for (int j = 0; j < k; j++) {
                b[j] = basis[j].applyAsDouble(x[i]);
            }
            for (int r = 0; r < k; r++) {
                for (int c = 0; c < k; c++) {
                    a[r][c] += b[r] * b[c];
                }
                a[r][k] += b[r] * gy;
            }
        }
        return Gauss.solve(a);
    }
}
