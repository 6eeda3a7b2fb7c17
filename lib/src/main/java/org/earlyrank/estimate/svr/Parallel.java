package org.earlyrank.estimate.svr;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Runs tasks on a fixed pool (or inline when there is none) and returns their results in task order. */
final class Parallel {
    private Parallel() {
    }

    static <T> List<T> all(ExecutorService pool, List<? extends Callable<T>> tasks) {
        List<T> out = new ArrayList<>(tasks.size());
        try {
            if (pool == null) {
                for (Callable<T> t : tasks) {
                    out.add(t.call());
                }
                return out;
            }
            for (Future<T> f : pool.invokeAll(tasks)) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException r ? r : new IllegalStateException(c);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
