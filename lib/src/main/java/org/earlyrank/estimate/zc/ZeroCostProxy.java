package org.earlyrank.estimate.zc;

import java.util.Arrays;
import java.util.List;

/**
 * The zero-cost proxies, named as in {@code estimates.estimator}; each is written at budget_epoch 0 and
 * oriented so that higher means better. Definitions, signs and references: {@link ZeroCostProxies}.
 */
public enum ZeroCostProxy {
    GRAD_NORM("zc-grad-norm", true),
    SNIP("zc-snip", true),
    GRASP("zc-grasp", true),
    FISHER("zc-fisher", true),
    SYNFLOW("zc-synflow", false),
    JACOV("zc-jacov", true),
    PARAMS("zc-params", false),
    FLOPS("zc-flops", false);

    /** Every proxy's estimator name, in declaration order. */
    public static final List<String> NAMES = Arrays.stream(values()).map(ZeroCostProxy::estimatorName).toList();

    private final String estimatorName;
    private final boolean readsData;

    ZeroCostProxy(String estimatorName, boolean readsData) {
        this.estimatorName = estimatorName;
        this.readsData = readsData;
    }

    /** The name written to {@code estimates.estimator}, e.g. {@code zc-synflow}. */
    public String estimatorName() {
        return estimatorName;
    }

    /** Whether the proxy reads training minibatches (synflow, params and flops do not). */
    public boolean readsData() {
        return readsData;
    }

    /**
     * @throws IllegalArgumentException naming the known proxies when {@code name} is none of them
     */
    public static ZeroCostProxy of(String name) {
        for (ZeroCostProxy p : values()) {
            if (p.estimatorName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown zero-cost proxy '" + name + "'; known: " + NAMES);
    }
}
