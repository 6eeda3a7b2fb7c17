package org.earlyrank.train;

import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Per-step learning-rate schedules. Steps count minibatches from 0 over the whole run, so a run resumed
 * from a checkpoint continues its schedule (DL4J stores the iteration count with the model).
 */
public final class LearningRates {
    private LearningRates() {
    }

    /**
     * @param name       linear (to zero at the end, as the feature-history thesis trains), cosine, constant
     * @param lr         initial learning rate
     * @param totalSteps minibatches in the whole run
     */
    public static ISchedule of(String name, double lr, int totalSteps) {
        return switch (name) {
            // Not DL4J's PolySchedule: in 1.0.0-M2.1 it computes lr * (1 + step / totalSteps)^power, which rises
            // to 2 x lr over the run (and is 0 only from totalSteps on), so with power 1 it never decays.
            case "linear" -> new Linear(lr, totalSteps);
            case "cosine" -> new Cosine(lr, totalSteps);
            case "constant" -> new FixedSchedule(lr);
            default -> throw new IllegalArgumentException("unknown schedule " + name);
        };
    }

    /**
     * What the decays share: the initial value and the run's steps (both written to the model's JSON, so a
     * resumed run rebuilds its schedule), and the share of the run done at a step, held at 1 after the last.
     */
    abstract static class Decay implements ISchedule {
        private static final long serialVersionUID = 1L;
        @JsonProperty
        protected final double initialValue;
        @JsonProperty
        protected final int totalSteps;

        Decay(double initialValue, int totalSteps) {
            this.initialValue = initialValue;
            this.totalSteps = totalSteps;
        }

        double done(int iteration) {
            return Math.min(1.0, iteration / (double) totalSteps);
        }

        @Override
        public abstract ISchedule clone();
    }

    /** Linear decay to zero at the last step, held at zero after it: lr * (1 - min(step, total) / total). */
    public static final class Linear extends Decay {
        private static final long serialVersionUID = 1L;

        @JsonCreator
        public Linear(@JsonProperty("initialValue") double initialValue, @JsonProperty("totalSteps") int totalSteps) {
            super(initialValue, totalSteps);
        }

        @Override
        public double valueAt(int iteration, int epoch) {
            return initialValue * (1 - done(iteration));
        }

        @Override
        public ISchedule clone() {
            return new Linear(initialValue, totalSteps);
        }
    }

    /** Cosine annealing to zero (Loshchilov and Hutter, SGDR, ICLR 2017, Eq. 5 without restarts). */
    public static final class Cosine extends Decay {
        private static final long serialVersionUID = 1L;

        @JsonCreator
        public Cosine(@JsonProperty("initialValue") double initialValue, @JsonProperty("totalSteps") int totalSteps) {
            super(initialValue, totalSteps);
        }

        @Override
        public double valueAt(int iteration, int epoch) {
            return initialValue * 0.5 * (1 + Math.cos(Math.PI * done(iteration)));
        }

        @Override
        public ISchedule clone() {
            return new Cosine(initialValue, totalSteps);
        }
    }
}
