package org.earlyrank.jobs;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;
import org.earlyrank.config.ConfigException;
import org.earlyrank.config.SparkOptions;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.schema.TableException;
import org.earlyrank.spark.SparkSessions;

/** What every job shares: the session, printing a summary, and turning errors into exit codes. */
final class Jobs {
    /** Exit status of a configuration or input error (bad key, missing table, corrupt file). */
    static final int BAD_INPUT = 2;
    /** Exit status of any other failure. */
    static final int FAILED = 1;

    private Jobs() {
    }

    static SparkSession session(SweepConfig cfg, String stage) {
        return SparkSessions.start(cfg.get(SparkOptions.SECTION), "earlyrank " + stage + " " + cfg.sweepId());
    }

    /** What a job does with its config and session. */
    @FunctionalInterface
    interface SessionWork {
        int run(SweepConfig cfg, SparkSession spark) throws Exception;
    }

    /**
     * Loads the config (with the job's overrides), starts or joins the session, runs the work: the body of
     * every job that needs Spark, inside {@link #guard}.
     */
    static int withSession(CommonOptions common, Map<String, String> overrides, String name, SessionWork work) {
        return guard(() -> {
            SweepConfig cfg = common.config(overrides);
            return work.run(cfg, session(cfg, name));
        });
    }

    /** A file or folder of the EarlyRank install: under EARLYRANK_HOME (set by the bin/ scripts), else the working directory. */
    static Path installPath(String first, String... more) {
        Path p = Path.of(first, more);
        String home = System.getenv("EARLYRANK_HOME");
        return home != null ? Path.of(home).resolve(p) : p;
    }

    static void printSummary(String stage, Object summary) {
        System.out.println(stage + ": " + summary);
    }

    /** Runs a job body, mapping user errors to exit 2 with their message, other failures to exit 1. */
    static int guard(Callable<Integer> body) {
        try {
            return body.call();
        } catch (ConfigException | TableException e) {
            System.err.println("earlyrank: error: " + e.getMessage());
            debug(e);
            return BAD_INPUT;
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (root instanceof ConfigException || root instanceof TableException) {
                System.err.println("earlyrank: error: " + root.getMessage());
                debug(e);
                return BAD_INPUT;
            }
            System.err.println("earlyrank: failed: " + e);
            e.printStackTrace();
            return FAILED;
        }
    }

    private static void debug(Exception e) {
        if (System.getenv("EARLYRANK_DEBUG") != null) {
            e.printStackTrace();
        }
    }
}
