package org.earlyrank.config;

/**
 * The embedded Spark session (ignored under spark-submit, where the submit command decides).
 */
public record SparkOptions(String master, int taskMaxFailures, boolean ui) implements java.io.Serializable {
    public static final Section<SparkOptions> SECTION = Section.of("spark",
            "The embedded Spark session bin/earlyrank starts (spark-submit's settings win on a cluster).",
            SparkOptions.class,
            Key.string("master", "local[*]", "Master of the embedded session: local[N] runs N tasks at once."),
            Key.integer("task_max_failures", 2, "Attempts per task before a run is recorded as failed (local[N,F] locally, spark.task.maxFailures on a cluster)."),
            Key.bool("ui", false, "Start the Spark UI (bound to 127.0.0.1)."));

    public SparkOptions {
        if (!master.startsWith("local") && !master.startsWith("spark://") && !master.equals("yarn")
                && !master.startsWith("k8s://")) {
            throw new IllegalArgumentException("spark.master must be local[N], spark://HOST:PORT, yarn or k8s://..., got '"
                    + master + "'");
        }
        Check.atLeast("spark.task_max_failures", taskMaxFailures, 1);
    }
}
