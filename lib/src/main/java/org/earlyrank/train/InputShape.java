package org.earlyrank.train;

import java.io.Serializable;

/** Shape of a network's input images and its number of classes. */
public record InputShape(int channels, int height, int width, int numClasses) implements Serializable {
}
