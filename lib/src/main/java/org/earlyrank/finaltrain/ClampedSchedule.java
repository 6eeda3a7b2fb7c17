package org.earlyrank.finaltrain;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A per-step schedule that holds its value at {@code lastStep} after it: {@code inner(min(step, lastStep))}.
 *
 * <p>Why: with parameter averaging, dl4j-spark advances the driver's iteration count by
 * {@code averaging_frequency} per averaging period, but a worker may train a few more minibatches than that
 * in a period (the data of an epoch is split at random). Its local step can then pass the schedule's end,
 * where a linear decay ({@code PolySchedule}) turns negative. Clamping keeps the learning rate at the end
 * value (0 for linear and cosine) instead.
 */
public final class ClampedSchedule implements ISchedule {
    private static final long serialVersionUID = 1L;
    @JsonProperty
    private final ISchedule inner;
    @JsonProperty
    private final int lastStep;

    @JsonCreator
    public ClampedSchedule(@JsonProperty("inner") ISchedule inner, @JsonProperty("lastStep") int lastStep) {
        this.inner = inner;
        this.lastStep = lastStep;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return inner.valueAt(Math.min(iteration, lastStep), epoch);
    }

    @Override
    public ISchedule clone() {
        return new ClampedSchedule(inner.clone(), lastStep);
    }
}
