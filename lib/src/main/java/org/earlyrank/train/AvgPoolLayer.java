package org.earlyrank.train;

import java.util.Collection;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's average-pooling layer whose forward pass also goes through the layer's helper.
 *
 * <p>Why: in DL4J 1.0.0-M2.1, {@code SubsamplingLayer} consults its helper only in the backward pass; the
 * forward pass always runs libnd4j's {@code avgpool2d} (oneDNN's plain-layout pooling on CPU, about 1 ms a
 * call on 14x14 maps). With {@link JavaAvgPoolHelper} attached (the CPU backend; {@link OneDnnHelpers}),
 * this layer asks the helper first in the forward pass too. Without that helper (CUDA, or helpers off) it is
 * exactly DL4J's layer. The configuration serialises like any DL4J layer (class name in the JSON), so
 * checkpoints restore it.
 */
public final class AvgPoolLayer extends SubsamplingLayer {
    /** For JSON deserialisation. */
    public AvgPoolLayer() {
    }

    /** A k x k average pooling with the given stride; the convolution mode comes from the network's default. */
    public AvgPoolLayer(int k, int stride) {
        super(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(k, k).stride(stride, stride));
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

    /** The layer: the helper first, DL4J's own forward pass when there is none or it declines. */
    static final class Impl extends org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer {
        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
            if (getHelper() instanceof JavaAvgPoolHelper helper && input != null) {
                SubsamplingLayer c = layerConf();
                INDArray out = helper.activate(input, training, c.getKernelSize(), c.getStride(), c.getPadding(),
                        c.getPoolingType(), convolutionMode, c.getDilation(), c.getCnn2dDataFormat(), mgr);
                if (out != null) {
                    return out;
                }
            }
            return super.activate(training, mgr);
        }
    }
}
