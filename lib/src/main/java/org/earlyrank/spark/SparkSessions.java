package org.earlyrank.spark;

import org.apache.spark.sql.SparkSession;
import org.earlyrank.config.SparkOptions;

/**
 * Starts or joins the Spark session a job runs in. Under spark-submit (which sets the system property
 * {@code spark.master}) the submit command's settings win; otherwise an embedded session starts with the
 * config's master, bound to loopback with the UI off unless asked for, so embedded mode opens no port
 * beyond 127.0.0.1.
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    /** True when launched by spark-submit. */
    public static boolean underSparkSubmit() {
        return System.getProperty("spark.master") != null;
    }

    public static SparkSession start(SparkOptions o, String appName) {
        SparkSession.Builder b = SparkSession.builder().appName(appName);
        if (!underSparkSubmit()) {
            b.master(localMaster(o.master(), o.taskMaxFailures()));
            if (o.master().startsWith("local")) {
                // Embedded mode: the driver's RPC, block manager and (optional) UI listen on loopback only.
                b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
            }
            b.config("spark.ui.enabled", o.ui())
                    .config("spark.task.maxFailures", o.taskMaxFailures())
                    .config("spark.sql.shuffle.partitions", 8)
                    .config("spark.sql.adaptive.enabled", false)
                    // One run per task: locality waits only delay the start of the next run.
                    .config("spark.locality.wait", "0s");
        }
        SparkSession s = b.getOrCreate();
        s.sparkContext().setLogLevel("WARN");
        return s;
    }

    /**
     * local[N] retries nothing; local[N,F] gives each task F attempts, like spark.task.maxFailures on a
     * cluster. Other masters are returned unchanged.
     */
    static String localMaster(String master, int maxFailures) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("local\\[(\\*|\\d+)]").matcher(master);
        if (m.matches()) {
            return "local[" + m.group(1) + "," + maxFailures + "]";
        }
        if (master.equals("local")) {
            return "local[1," + maxFailures + "]";
        }
        return master;
    }

    /** Attempts a task gets in this session: F of local[N,F], else spark.task.maxFailures (default 4). */
    public static int maxAttempts(SparkSession s) {
        String master = s.sparkContext().master();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("local\\[[^,\\]]+,(\\d+)]").matcher(master);
        if (m.matches()) {
            return Integer.parseInt(m.group(1));
        }
        if (master.startsWith("local")) {
            return 1;
        }
        return s.sparkContext().conf().getInt("spark.task.maxFailures", 4);
    }

    /** Parallel task slots of the session (local[N] gives N). */
    public static int slots(SparkSession s) {
        return s.sparkContext().defaultParallelism();
    }
}
