package org.earlyrank.estimate.svr;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The random-search distribution of nu-SVR settings (Baker et al. 2018, Section 3.3 and Appendix:
 * C ~ LogUniform(1e-5, 10), nu ~ Uniform(0, 1), gamma ~ LogUniform(1e-5, 10)), and how many settings to
 * draw. nu is drawn from (nuMin, nuMax], since LIBSVM needs nu &gt; 0. The linear kernel ignores gamma.
 */
public record SearchSpace(double cMin, double cMax, double nuMin, double nuMax, double gammaMin, double gammaMax,
                          int draws) implements Serializable {
    public SearchSpace {
        if (!(cMin > 0 && cMax >= cMin) || !(gammaMin > 0 && gammaMax >= gammaMin)
                || !(nuMin >= 0 && nuMax > nuMin && nuMax <= 1) || draws < 1) {
            throw new IllegalArgumentException("search space needs 0 < C min <= C max, 0 < gamma min <= gamma max,"
                    + " 0 <= nu min < nu max <= 1 and at least one draw, got " + this);
        }
    }

    /** The settings of one search, drawn in order from {@code rnd}. */
    public List<SvrParams> draw(SvrParams.Kernel kernel, Random rnd) {
        List<SvrParams> out = new ArrayList<>(draws);
        for (int i = 0; i < draws; i++) {
            double c = logUniform(cMin, cMax, rnd.nextDouble());
            double nu = nuMax - (nuMax - nuMin) * rnd.nextDouble(); // (nuMin, nuMax]
            double gamma = logUniform(gammaMin, gammaMax, rnd.nextDouble());
            out.add(new SvrParams(kernel, c, nu, kernel == SvrParams.Kernel.RBF ? gamma : 1.0));
        }
        return out;
    }

    private static double logUniform(double lo, double hi, double u) {
        return Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo)));
    }
}
