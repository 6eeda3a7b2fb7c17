package org.earlyrank.train;

import java.util.Collection;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's activation layer with {@link ReluActivation}, minus a copy of its input in each pass.
 *
 * <p>Why: in DL4J 1.0.0-M2.1, {@code ActivationLayer} copies its input before applying the activation in place,
 * in the forward pass and again in the backward pass (the copy keeps the input for the backward pass, and
 * ActivationReLU returns its gradient in the array it is given). On EarlyRank's small networks those copies
 * were about 4% of a training step (BENCHMARKS.md, issue 19, round 7). Here the forward pass writes ReLU of the
 * input straight into a new array with the same ND4J op (RectifiedLinear, x to z), and the backward pass writes
 * the masked gradient straight into a new array with {@link ReluActivation}'s loop: the same values, bit for
 * bit, one pass over memory fewer each way. Unlike DL4J's layer, inference does not overwrite the input either.
 *
 * <p>Any other activation function (SpeedLevers' "before" setting swaps in DL4J's ActivationReLU), arrays that
 * are not dense floats, or a backend other than the CPU take DL4J's own path. The configuration serialises like
 * any DL4J layer (class name in the JSON), so checkpoints restore it.
 */
public final class ReluLayer extends ActivationLayer {
    /** A ReLU layer (and for JSON deserialisation). */
    public ReluLayer() {
        super(new ReluActivation());
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray params, boolean initialize, DataType dataType) {
        Impl layer = new Impl(conf, dataType);
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(params);
        layer.setParamTable(initializer().init(conf, params, initialize));
        layer.setConf(conf);
        return layer;
    }

    /** The layer: ReLU without the input copies, DL4J's ActivationLayer otherwise. */
    static final class Impl extends org.deeplearning4j.nn.layers.ActivationLayer {
        /** Scratch arrays reused across calls (a network trains on one thread). */
        private float[] x;
        private float[] g;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        private boolean ours(INDArray a) {
            return ReluActivation.Backend.CPU && layerConf().getActivationFn() instanceof ReluActivation
                    && DenseFloats.dense(a);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
            assertInputSet(false);
            if (!ours(input)) {
                return super.activate(training, mgr);
            }
            INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), input.shape(), 'c');
            Nd4j.getExecutioner().exec(new RectifiedLinear(input, out));
            return out;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
            assertInputSet(true);
            if (!ours(input) || !DenseFloats.dense(epsilon) || input.length() != epsilon.length()) {
                return super.backpropGradient(epsilon, mgr);
            }
            int n = (int) input.length();
            x = DenseFloats.read(input, x, n);
            g = DenseFloats.read(epsilon, g, n);
            ReluActivation.maskByPositive(x, g, n);
            INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
            DenseFloats.write(dx, g, n);
            return new Pair<>(new DefaultGradient(), dx);
        }
    }
}
