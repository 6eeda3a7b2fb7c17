package org.earlyrank.estimate.svr;

import java.util.Arrays;
import java.util.List;

/**
 * How the stopping rules' sigma, the spread of N(y_hat, sigma), comes from a model's leave-one-out
 * residuals (Baker et al. 2018, Section 4: sigma "independent of x yet still dependent on tau", estimated
 * "via Leave One Out Cross Validation"). The name is what {@code fit-svr.sigma} and the
 * {@code early_stopping.sigma} column hold.
 */
public enum SigmaEstimate {
    /** The paper's: the root mean square of the leave-one-out residuals. */
    LOO_RMS("loo-rms"),
    /**
     * 1.4826 x the median absolute deviation of the same residuals: the standard deviation for Gaussian
     * residuals, unmoved by a few huge ones (Rousseeuw and Croux, JASA 88, 1993). Smaller than the RMS
     * when a few networks that never learn make the residuals heavy-tailed, so it stops more.
     */
    MAD("mad");

    private final String key;

    SigmaEstimate(String key) {
        this.key = key;
    }

    /** The option value and column value. */
    public String key() {
        return key;
    }

    /** Every option value, default first. */
    public static List<String> keys() {
        return Arrays.stream(values()).map(SigmaEstimate::key).toList();
    }

    public static SigmaEstimate of(String key) {
        for (SigmaEstimate s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown sigma '" + key + "'; allowed: " + keys());
    }
}
