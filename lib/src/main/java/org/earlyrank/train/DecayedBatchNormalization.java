package org.earlyrank.train;

import java.util.List;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Batch normalisation whose scale and shift (gamma, beta) take the layer's weight decay, as PyTorch's
 * {@code SGD(net.parameters(), weight_decay=...)} decays every parameter. DL4J's own layer exempts them
 * ({@code getRegularizationByParam} returns null for every parameter of a batch-norm layer). The running
 * mean and variance are statistics, not parameters, and are never decayed.
 *
 * <p>Public with a no-argument constructor: DL4J serialises layer configurations by class name (model
 * checkpoints). Everything else (momentum, epsilon, oneDNN helper) is DL4J's BatchNormalization.
 */
public class DecayedBatchNormalization extends BatchNormalization {
    private static final long serialVersionUID = 1L;

    public DecayedBatchNormalization() {
        super();
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        boolean affine = BatchNormalizationParamInitializer.GAMMA.equals(paramName)
                || BatchNormalizationParamInitializer.BETA.equals(paramName);
        return affine && !isLockGammaBeta() ? getRegularization() : null;
    }
}
