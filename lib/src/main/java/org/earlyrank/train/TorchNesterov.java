package org.earlyrank.train;

import java.util.Map;
import java.util.Objects;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * SGD with Nesterov momentum as PyTorch's {@code torch.optim.SGD(momentum=mu, nesterov=True)} computes it:
 * {@code buf = mu * buf + g; p -= lr_t * (g + mu * buf)} (g already holds the weight decay, added before the
 * updater as PyTorch does).
 *
 * <p>DL4J's {@code Nesterovs} keeps the learning rate inside its velocity ({@code v = mu * v - lr_t * g;
 * p += (1 + mu) * v - mu * v_prev}). The two are the same step at a constant learning rate, but under a
 * decaying schedule DL4J's velocity remembers the larger rates of earlier steps, so its last steps keep
 * moving where PyTorch's shrink with the rate (on the default sweep: about half a point of final accuracy,
 * BENCHMARKS.md "Training parity with PyTorch").
 *
 * <p>Serialised with the network's configuration (checkpoints): Jackson-annotated, with equals and hashCode
 * so DL4J groups every layer into one updater block.
 */
public final class TorchNesterov implements IUpdater {
    private static final long serialVersionUID = 1L;

    @JsonProperty
    private final ISchedule learningRate;
    @JsonProperty
    private final double momentum;

    @JsonCreator
    public TorchNesterov(@JsonProperty("learningRate") ISchedule learningRate, @JsonProperty("momentum") double momentum) {
        this.learningRate = learningRate;
        this.momentum = momentum;
    }

    public double momentum() {
        return momentum;
    }

    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        Updater u = new Updater(this);
        u.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        Updater u = new Updater(this);
        u.setState(updaterState, initializeStateArrays);
        return u;
    }

    @Override
    public TorchNesterov clone() {
        return new TorchNesterov(learningRate.clone(), momentum);
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRate.valueAt(iteration, epoch);
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        throw new UnsupportedOperationException("TorchNesterov's learning rate is fixed at construction");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TorchNesterov t && t.momentum == momentum && Objects.equals(t.learningRate, learningRate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRate, momentum);
    }

    /** The momentum buffer of one updater block, a view of the network's updater state. */
    static final class Updater implements GradientUpdater<TorchNesterov> {
        static final String BUFFER = "momentum_buffer";
        private final TorchNesterov config;
        private INDArray buffer;

        Updater(TorchNesterov config) {
            this.config = config;
        }

        @Override
        public TorchNesterov getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> state, boolean initialize) {
            if (!state.containsKey(BUFFER) || state.size() != 1) {
                throw new IllegalStateException("TorchNesterov expects one state array " + BUFFER + ", got " + state.keySet());
            }
            buffer = state.get(BUFFER);
        }

        @Override
        public Map<String, INDArray> getState() {
            return Map.of(BUFFER, buffer);
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char order, boolean initialize) {
            if (initialize) {
                viewArray.assign(0);
            }
            buffer = Shape.newShapeNoCopy(viewArray, gradientShape, order == 'f');
            if (buffer == null) {
                throw new IllegalStateException("cannot view the updater state with the gradient's shape");
            }
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            double lr = config.getLearningRate(iteration, epoch);
            double mu = config.momentum();
            INDArray b = buffer.reshape(gradient.shape());
            b.muli(mu).addi(gradient);           // buf = mu buf + g
            gradient.addi(b.mul(mu)).muli(lr);   // DL4J subtracts this: p -= lr (g + mu buf)
        }
    }
}
