package org.earlyrank.bench;

import java.util.List;

import org.earlyrank.space.CellArch;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.weightinit.impl.XavierInitScheme;

/**
 * A lever measured by {@link SpeedLevers}, not used in training: the nb201 network of
 * {@link org.earlyrank.train.NetworkBuilder} (one cell per stage) written in SameDiff instead of DL4J's
 * layers API, trained with {@code SameDiff.fit} (Nesterov momentum, L2), to compare the two APIs' speed.
 *
 * <p>Two workarounds for ND4J 1.0.0-M2.1, both found while writing this: {@code sd.nn().batchNorm} cannot be
 * differentiated ({@code BatchNorm.doDiff} fails with "Invalid axis argument"), so batch norm is spelled out
 * as (x - mean) / sqrt(var + eps) * gamma + beta; and {@code conv2d_bp} ignores the weights format OIYX,
 * so weights use SameDiff's default layout [kH, kW, iC, oC]. Running statistics are not kept (speed only).
 */
final class SameDiffNb201 {
    private final SameDiff sd = SameDiff.create();
    private int counter;

    SameDiffNb201(String arch, int channels, int size, int classes, double learningRate) {
        List<String> ops = CellArch.parse(arch).effectiveOps();
        SDVariable in = sd.placeHolder("input", DataType.FLOAT, -1, 1, size, size);
        SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, classes);
        SDVariable x = bn(conv(in, 1, channels, 3, 1), channels);
        int ch = channels;
        for (int stage = 0; stage < 3; stage++) {
            if (stage > 0) {
                SDVariable a = bn(conv(relu(x), ch, 2 * ch, 3, 2), 2 * ch);
                SDVariable b = bn(conv(relu(a), 2 * ch, 2 * ch, 3, 1), 2 * ch);
                x = b.add(conv(pool(x, 2, 2), ch, 2 * ch, 1, 1));
                ch *= 2;
            }
            x = cell(x, ops, ch);
        }
        SDVariable features = relu(bn(x, ch)).mean(2, 3);
        SDVariable w = sd.var("head_W", new XavierInitScheme('c', ch, classes), DataType.FLOAT, ch, classes);
        SDVariable bias = sd.var("head_b", Nd4j.zeros(DataType.FLOAT, 1, classes));
        sd.loss().softmaxCrossEntropy("loss", label, features.mmul(w).add(bias), null);
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Nesterovs(learningRate, 0.9)).l2(5e-4)
                .dataSetFeatureMapping("input").dataSetLabelMapping("label").build());
    }

    void fit(DataSet batch) {
        sd.fit(batch);
    }

    private SDVariable conv(SDVariable x, int cin, int cout, int k, int stride) {
        SDVariable w = sd.var("w" + counter++, new XavierInitScheme('c', cin * k * k, cout * k * k), DataType.FLOAT,
                k, k, cin, cout);
        return sd.cnn().conv2d(x, w, Conv2DConfig.builder().kH(k).kW(k).sH(stride).sW(stride)
                .paddingMode(PaddingMode.SAME).dataFormat("NCHW").build());
    }

    private SDVariable bn(SDVariable x, int c) {
        SDVariable gamma = sd.var("gamma" + counter++, Nd4j.ones(DataType.FLOAT, 1, c, 1, 1));
        SDVariable beta = sd.var("beta" + counter++, Nd4j.zeros(DataType.FLOAT, 1, c, 1, 1));
        SDVariable centred = x.sub(x.mean(true, 0, 2, 3));
        SDVariable inv = sd.math().rsqrt(centred.mul(centred).mean(true, 0, 2, 3).add(1e-5));
        return centred.mul(inv).mul(gamma).add(beta);
    }

    private SDVariable relu(SDVariable x) {
        return sd.nn().relu(x, 0);
    }

    private SDVariable pool(SDVariable x, int k, int stride) {
        return sd.cnn().avgPooling2d(x, Pooling2DConfig.builder().kH(k).kW(k).sH(stride).sW(stride)
                .paddingMode(PaddingMode.SAME).isNHWC(false).build());
    }

    private SDVariable cell(SDVariable in, List<String> ops, int ch) {
        SDVariable[] node = new SDVariable[4];
        SDVariable[] reluOf = new SDVariable[4];
        node[0] = in;
        for (int j = 1; j <= 3; j++) {
            SDVariable sum = null;
            for (int e = 0; e < 6; e++) {
                if (CellArch.TO[e] != j || ops.get(e).equals(CellArch.NONE)) {
                    continue;
                }
                int i = CellArch.FROM[e];
                SDVariable term;
                switch (ops.get(e)) {
                    case CellArch.SKIP -> term = node[i];
                    case CellArch.POOL -> term = pool(node[i], 3, 1);
                    default -> {
                        if (reluOf[i] == null) {
                            reluOf[i] = relu(node[i]);
                        }
                        int k = ops.get(e).equals(CellArch.CONV1) ? 1 : 3;
                        term = bn(conv(reluOf[i], ch, ch, k, 1), ch);
                    }
                }
                sum = sum == null ? term : sum.add(term);
            }
            node[j] = sum;
        }
        return node[3] == null ? in.mul(0.0) : node[3];
    }
}
