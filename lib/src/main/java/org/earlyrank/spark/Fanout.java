package org.earlyrank.spark;

import java.io.Serializable;
import java.util.List;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Runs one Spark task per unit of work (one training run, one run's ensemble fit, ...), under a job
 * group named after the stage so the Spark UI shows which stage is working, and prints progress with
 * an estimate of the time left.
 */
public final class Fanout {
    private Fanout() {
    }

    /** Which attempt of its task a unit is in. */
    public record Attempt(int number, int maxAttempts) implements Serializable {
        /** True on the task's final attempt: a failure now is the unit's last word. */
        public boolean last() {
            return number >= maxAttempts;
        }
    }

    /** The work of one unit; runs on an executor. */
    @FunctionalInterface
    public interface Work<T, R> extends Serializable {
        R run(T unit, Attempt attempt) throws Exception;
    }

    /**
     * @param group       job group, the stage's name in capitals (e.g. {@code TRAIN})
     * @param stage       stage name for progress lines
     * @param unitsBefore units already done (a resumed stage), counted in progress
     */
    public static <T extends Serializable, R> List<R> run(SparkSession spark, String group, String stage,
                                                          List<T> units, int unitsBefore, Work<T, R> work) {
        if (units.isEmpty()) {
            return List.of();
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int maxAttempts = SparkSessions.maxAttempts(spark);
        jsc.setJobGroup(group, stage + ": " + units.size() + " units", true);
        Progress progress = new Progress(group, stage, unitsBefore + units.size(), unitsBefore);
        spark.sparkContext().addSparkListener(progress);
        try {
            return jsc.parallelize(units, units.size())
                    .map(u -> work.run(u, new Attempt(TaskContext.get().attemptNumber() + 1, maxAttempts)))
                    .collect();
        } finally {
            spark.sparkContext().removeSparkListener(progress);
            jsc.clearJobGroup();
        }
    }
}
