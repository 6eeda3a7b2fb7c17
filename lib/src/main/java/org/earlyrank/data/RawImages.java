package org.earlyrank.data;

/** Images as read from a file: unsigned bytes in NCHW order, with labels. */
record RawImages(byte[] pixels, int[] labels, int channels, int height, int width) {
    int count() {
        return labels.length;
    }
}
