package org.earlyrank.space;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything that defines one training run: the architecture, its budget knobs and its training
 * hyperparameters. Immutable and serializable (one per Spark task).
 *
 * @param runId         run identifier within the sweep
 * @param arch          canonical architecture string
 * @param space         search space of the architecture
 * @param seed          seed of initialisation and data order
 * @param cells         nb201: cells per stage; macro: conv layers (informational)
 * @param channels      nb201: C of the first stage; macro: width unit
 * @param imageSize     input size after down-sampling
 * @param epochs        epochs of the full budget
 * @param batchSize     minibatch size
 * @param learningRate  initial learning rate
 * @param momentum      Nesterov momentum (PyTorch's formulation); 0 = plain SGD
 * @param weightDecay   weight decay (PyTorch SGD's weight_decay: every parameter, coupled)
 * @param schedule      linear, cosine or constant
 * @param trainFraction fraction of the training subset used
 */
public record RunSpec(String runId, String arch, String space, long seed, int cells, int channels, int imageSize,
                      int epochs, int batchSize, double learningRate, double momentum, double weightDecay,
                      String schedule, double trainFraction) implements Serializable {

    /** The parsed architecture. */
    public Architecture architecture() {
        return space.equals(CellArch.SPACE) ? CellArch.parse(arch) : MacroArch.parse(arch);
    }

    /** Short stable hash of the canonical architecture string. */
    public String archId() {
        return archId(arch);
    }

    public static String archId(String arch) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(arch.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every numeric setting, for the runs table's hparams column and for regression features. */
    public Map<String, Double> hparams() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("learning_rate", learningRate);
        m.put("momentum", momentum);
        m.put("weight_decay", weightDecay);
        m.put("batch_size", (double) batchSize);
        m.put("epochs", (double) epochs);
        m.put("cells", (double) cells);
        m.put("channels", (double) channels);
        m.put("image_size", (double) imageSize);
        m.put("train_fraction", trainFraction);
        m.put("schedule_cosine", schedule.equals("cosine") ? 1.0 : 0.0);
        return m;
    }
}
