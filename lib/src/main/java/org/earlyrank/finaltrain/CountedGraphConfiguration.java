package org.earlyrank.finaltrain;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/**
 * A graph configuration whose {@link #clone()} keeps the iteration and epoch counters.
 *
 * <p>Why: DL4J 1.0.0-M2.1's {@code ComputationGraphConfiguration.clone()} copies the graph but not
 * {@code iterationCount}/{@code epochCount}, and every dl4j-spark parameter-averaging worker builds its
 * network from {@code broadcastConfiguration.clone()}. So each worker network started at iteration 0: the
 * driver's counter advanced correctly, but every averaging period re-ran the first {@code averagingFrequency}
 * steps of the learning-rate schedule, the linear decay never happened, and train-final trained at about
 * the initial learning rate to the end (test accuracy 0.61 instead of 0.73 after 2 epochs of the test's CNN,
 * 0.59 to 0.74 instead of about 0.80 after 6). The driver's network uses this class, so the clone a worker
 * makes carries the driver's counters and its schedule continues where the previous period ended. The clone
 * itself is a plain {@link ComputationGraphConfiguration}.
 */
final class CountedGraphConfiguration extends ComputationGraphConfiguration {
    private static final long serialVersionUID = 1L;

    /** A copy of {@code conf} (every field of DL4J's class, counters included) that clones with its counters. */
    static CountedGraphConfiguration of(ComputationGraphConfiguration conf) {
        CountedGraphConfiguration c = new CountedGraphConfiguration();
        try {
            for (Field f : ComputationGraphConfiguration.class.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                f.set(c, f.get(conf));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy the graph configuration (DL4J version changed?)", e);
        }
        return c;
    }

    @Override
    public ComputationGraphConfiguration clone() {
        ComputationGraphConfiguration c = super.clone();
        c.setIterationCount(getIterationCount());
        c.setEpochCount(getEpochCount());
        return c;
    }
}
