package org.earlyrank.train;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;

/**
 * Size of a network from its configuration: forward FLOPs per image (2 x multiply-adds of conv and
 * dense layers, the convention the performance issue asks for) and depth (weighted layers on the longest
 * input-to-output path).
 *
 * @param flopsPerImage forward-pass FLOPs for one image
 * @param depth         weighted layers on the longest path
 */
public record NetworkStats(long flopsPerImage, int depth) {

    public static NetworkStats of(ComputationGraphConfiguration conf, InputShape in) {
        Map<String, InputType> outTypes = conf.getLayerActivationTypes(
                InputType.convolutional(in.height(), in.width(), in.channels()));
        long flops = 0;
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            if (!(e.getValue() instanceof LayerVertex lv)) {
                continue;
            }
            Layer l = lv.getLayerConf().getLayer();
            if (l instanceof ConvolutionLayer c) {
                InputType.InputTypeConvolutional out = (InputType.InputTypeConvolutional) outTypes.get(e.getKey());
                long k = (long) c.getKernelSize()[0] * c.getKernelSize()[1];
                flops += 2L * out.getHeight() * out.getWidth() * k * c.getNIn() * c.getNOut();
            } else if (l instanceof DenseLayer || l instanceof OutputLayer) {
                FeedForwardLayer f = (FeedForwardLayer) l;
                flops += 2L * f.getNIn() * f.getNOut();
            }
        }
        return new NetworkStats(flops, depth(conf));
    }

    private static int depth(ComputationGraphConfiguration conf) {
        Map<String, List<String>> inputs = conf.getVertexInputs();
        Map<String, Integer> memo = new HashMap<>();
        int best = 0;
        for (String out : conf.getNetworkOutputs()) {
            best = Math.max(best, depthOf(out, conf, inputs, memo));
        }
        return best;
    }

    private static int depthOf(String v, ComputationGraphConfiguration conf, Map<String, List<String>> inputs,
                               Map<String, Integer> memo) {
        Integer m = memo.get(v);
        if (m != null) {
            return m;
        }
        int d = 0;
        for (String in : inputs.getOrDefault(v, List.of())) {
            d = Math.max(d, depthOf(in, conf, inputs, memo));
        }
        GraphVertex gv = conf.getVertices().get(v);
        if (gv instanceof LayerVertex lv) {
            Layer l = lv.getLayerConf().getLayer();
            if (l instanceof ConvolutionLayer || l instanceof DenseLayer || l instanceof OutputLayer) {
                d++;
            }
        }
        memo.put(v, d);
        return d;
    }
}
