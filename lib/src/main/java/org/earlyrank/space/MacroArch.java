package org.earlyrank.space;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain convolutional network in the spirit of MetaQNN (Baker et al., ICLR 2017): a chain of
 * conv-BN-ReLU layers with optional 2x2 max-pooling, then global average pooling and a linear head.
 * Width is a multiple of the run's channel unit, so the channel knob scales width as in ResNet-style
 * width scaling. Canonical string: {@code conv3x3:2|maxpool|conv5x5:1}.
 *
 * @param layers the layers in order
 */
public record MacroArch(List<Layer> layers) implements Architecture {
    public static final String SPACE = "macro";

    /** A conv layer (kernel, width multiple) or, with kernel 0, a 2x2 max-pool. */
    public record Layer(int kernel, int width) implements java.io.Serializable {
        public boolean isPool() {
            return kernel == 0;
        }

        @Override
        public String toString() {
            return isPool() ? "maxpool" : "conv" + kernel + "x" + kernel + ":" + width;
        }
    }

    public MacroArch {
        layers = List.copyOf(layers);
        if (layers.stream().noneMatch(l -> !l.isPool())) {
            throw new IllegalArgumentException("a macro network needs at least one conv layer");
        }
    }

    public static MacroArch parse(String s) {
        List<Layer> out = new ArrayList<>();
        for (String part : s.split("\\|")) {
            if (part.equals("maxpool")) {
                out.add(new Layer(0, 0));
                continue;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("conv(\\d+)x\\1:(\\d+)").matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("macro layer '" + part + "' of '" + s
                        + "' must read convKxK:W or maxpool");
            }
            out.add(new Layer(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
        }
        return new MacroArch(out);
    }

    public int convLayers() {
        return (int) layers.stream().filter(l -> !l.isPool()).count();
    }

    @Override
    public String space() {
        return SPACE;
    }

    @Override
    public String canonical() {
        return String.join("|", layers.stream().map(Layer::toString).toList());
    }

    @Override
    public String effective() {
        return canonical();
    }

    @Override
    public String toString() {
        return canonical();
    }
}
