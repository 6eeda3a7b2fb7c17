package org.earlyrank.spark;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.earlyrank.base.Text;

/**
 * Prints "stage: done/total, elapsed, time left" as the tasks of one job group finish. The estimate is
 * the mean time per finished unit times the units left, divided by nothing: tasks run in parallel, so the
 * elapsed-per-unit rate already reflects the parallelism. At most one line every {@value #EVERY_SECONDS}
 * seconds (and the last), so a job of a thousand short tasks (fit-svr's LCE fits) does not print a thousand.
 */
final class Progress extends SparkListener {
    private final String group;
    private final String stage;
    private final int total;
    private final int before;
    private final long start = System.nanoTime();
    private final Set<Integer> stages = ConcurrentHashMap.newKeySet();
    static final double EVERY_SECONDS = 2;
    private int done;
    private int failedAttempts;
    private double lastPrint = Double.NEGATIVE_INFINITY;

    Progress(String group, String stage, int total, int before) {
        this.group = group;
        this.stage = stage;
        this.total = total;
        this.before = before;
        if (before > 0) {
            System.err.printf("[%s] resuming: %d of %d already done%n", stage, before, total);
        }
    }

    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
        String g = jobStart.properties() == null ? null : jobStart.properties().getProperty("spark.jobGroup.id");
        if (group.equals(g)) {
            scala.collection.Iterator<Object> it = jobStart.stageIds().iterator();
            while (it.hasNext()) {
                stages.add((Integer) it.next());
            }
        }
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd e) {
        if (!stages.contains(e.stageId())) {
            return;
        }
        if (!e.taskInfo().successful()) {
            failedAttempts++;
            String why = e.reason() instanceof org.apache.spark.TaskFailedReason r
                    ? r.toErrorString().lines().findFirst().orElse("unknown reason") : String.valueOf(e.reason());
            System.err.printf("[%s] a task attempt failed (%s)%n", stage, why);
            return;
        }
        done++;
        double elapsed = (System.nanoTime() - start) / 1e9;
        int left = total - before - done;
        if (left > 0 && elapsed - lastPrint < EVERY_SECONDS) {
            return;
        }
        lastPrint = elapsed;
        double eta = done == 0 ? 0 : elapsed / done * left;
        System.err.printf("[%s] %d/%d done, %s elapsed, ~%s left%s%n", stage, before + done, total, Text.clock(elapsed),
                Text.clock(eta), failedAttempts > 0 ? " (" + failedAttempts + " failed attempts retried)" : "");
    }
}
