package org.earlyrank.data;

/**
 * Pixel normalisation fitted on the training subset and applied to every split.
 *
 * @param mean per-channel value subtracted
 * @param std  per-channel divisor
 */
record Normalizer(float[] mean, float[] std) {

    static Normalizer fit(String mode, ImageSet train) {
        int c = train.channels();
        float[] mean = new float[c];
        float[] std = new float[c];
        switch (mode) {
            case "none" -> java.util.Arrays.fill(std, 1f);
            case "unit" -> java.util.Arrays.fill(std, 255f);
            case "standardize" -> {
                int hw = train.height() * train.width();
                for (int ch = 0; ch < c; ch++) {
                    double s = 0;
                    double s2 = 0;
                    long cnt = 0;
                    for (int i = 0; i < train.count(); i++) {
                        int base = (i * c + ch) * hw;
                        for (int k = 0; k < hw; k++) {
                            double v = train.pixels()[base + k];
                            s += v;
                            s2 += v * v;
                            cnt++;
                        }
                    }
                    double m = s / Math.max(1, cnt);
                    double var = s2 / Math.max(1, cnt) - m * m;
                    mean[ch] = (float) m;
                    std[ch] = (float) Math.max(Math.sqrt(Math.max(var, 0)), 1e-3);
                }
            }
            default -> throw new IllegalArgumentException(mode);
        }
        return new Normalizer(mean, std);
    }

    ImageSet apply(ImageSet s) {
        int c = s.channels();
        int hw = s.height() * s.width();
        float[] out = new float[s.pixels().length];
        for (int i = 0; i < s.count(); i++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * hw;
                float m = mean[ch];
                float inv = 1f / std[ch];
                for (int k = 0; k < hw; k++) {
                    out[base + k] = (s.pixels()[base + k] - m) * inv;
                }
            }
        }
        return new ImageSet(out, s.labels(), c, s.height(), s.width(), s.numClasses());
    }
}
