package org.earlyrank;

import org.apache.spark.sql.SparkSession;
import org.earlyrank.config.SparkOptions;
import org.earlyrank.spark.SparkSessions;

/**
 * One embedded Spark session for the whole test JVM: local[2,2] (two task slots, two attempts per task),
 * UI off, bound to loopback. Started on first use; the JVM's exit stops it.
 */
public final class TestSpark {
    private static SparkSession session;

    private TestSpark() {
    }

    public static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSessions.start(new SparkOptions("local[2]", 2, false), "earlyrank-tests");
        }
        return session;
    }
}
