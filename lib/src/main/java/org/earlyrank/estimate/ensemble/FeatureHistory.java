package org.earlyrank.estimate.ensemble;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.earlyrank.schema.HeadsTable;
import org.earlyrank.schema.HeadsTable.HeadRow;
import org.earlyrank.store.FeatureColumns;
import org.earlyrank.store.ParquetTableReader;

/**
 * One run's feature histories: for every epoch with a stored head, its training-set features (from the
 * epoch's training forward passes), its validation features (after the epoch) and the head. May be
 * truncated to a budget t ({@link #upTo(int)}): epochs after t then do not exist for the reader, which is
 * how the estimators stay honest.
 *
 * <p>An epoch whose data cannot give an estimate (non-finite features or head, no validation features, no
 * head, a head of another length, other validation samples than the first epoch's) ends the history: the
 * epochs before it stay, so the run is scored at every budget before the problem, as score-tse does with its
 * losses, and {@link #problem()} says what ended it.
 *
 * <p>The read time of the run's files is attributed to epochs and splits in proportion to their rows
 * ({@link #readSeconds(int, boolean)}), so an estimate's cost can include the reading it needs.
 *
 * <p>Immutable; the feature arrays are shared between truncated views.
 */
public final class FeatureHistory {
    /** One epoch's data. */
    public record Epoch(int epoch, Samples train, Samples val, LinearHead head, double trainReadSeconds,
                        double valReadSeconds) {
    }

    private final String runId;
    private final TreeMap<Integer, Epoch> epochs;
    private final int visible;
    private final String problem;

    private FeatureHistory(String runId, TreeMap<Integer, Epoch> epochs, int visible, String problem) {
        this.runId = runId;
        this.epochs = epochs;
        this.visible = visible;
        this.problem = problem;
    }

    /**
     * Groups a run's feature columns by epoch and split and pairs them with the heads. Validation samples
     * are ordered by sample index so that predictions of different epochs line up sample by sample.
     *
     * @param readSeconds time spent reading the run's features and heads; the time this grouping and
     *                    checking takes is added, and the sum is spread over epochs and splits by rows
     * @throws UnusableHistoryException when the first epoch cannot give an estimate: non-finite values,
     *                                  no validation features or no head, or feature lengths that differ
     *                                  from the head's (a later epoch with such a problem, or with other
     *                                  validation samples than the first's, ends the history instead)
     */
    public static FeatureHistory of(String runId, FeatureColumns cols, List<HeadRow> heads, double readSeconds) {
        long start = System.nanoTime();
        Map<Integer, HeadRow> headByEpoch = new TreeMap<>();
        for (HeadRow h : heads) {
            headByEpoch.put(h.epoch(), h);
        }
        // Count rows per epoch and split, then fill index arrays: one pass each, no copy of the features.
        TreeMap<Integer, int[]> counts = new TreeMap<>();
        int[] ep = cols.epoch();
        byte[] sp = cols.split();
        for (int i = 0; i < cols.rows(); i++) {
            counts.computeIfAbsent(ep[i], e -> new int[2])[sp[i]]++;
        }
        TreeMap<Integer, int[][]> rows = new TreeMap<>();
        for (Map.Entry<Integer, int[]> e : counts.entrySet()) {
            rows.put(e.getKey(), new int[][]{new int[e.getValue()[0]], new int[e.getValue()[1]]});
        }
        TreeMap<Integer, int[]> fill = new TreeMap<>();
        for (int i = 0; i < cols.rows(); i++) {
            int[] f = fill.computeIfAbsent(ep[i], e -> new int[2]);
            rows.get(ep[i])[sp[i]][f[sp[i]]++] = i;
        }
        List<Epoch> parts = new ArrayList<>();
        int[] firstValIndex = null;
        int[] firstValLabels = null;
        int firstValEpoch = 0;
        String problem = null;
        for (Map.Entry<Integer, int[][]> e : rows.entrySet()) {
            int epoch = e.getKey();
            try {
                Epoch part = epoch(runId, epoch, headByEpoch.get(epoch), cols, e.getValue());
                if (firstValIndex == null) {
                    firstValIndex = part.val().sampleIndex();
                    firstValLabels = part.val().labels();
                    firstValEpoch = epoch;
                } else if (!Arrays.equals(firstValIndex, part.val().sampleIndex())
                        || !Arrays.equals(firstValLabels, part.val().labels())) {
                    throw new UnusableHistoryException("run " + runId + ": validation samples of epochs " + firstValEpoch
                            + " and " + epoch + " differ, so their predictions cannot be averaged");
                }
                parts.add(part);
            } catch (UnusableHistoryException ex) {
                if (parts.isEmpty()) {
                    throw ex;
                }
                problem = ex.getMessage();
                break;
            }
        }
        double total = readSeconds + (System.nanoTime() - start) / 1e9;
        double perRow = cols.rows() == 0 ? 0 : total / cols.rows();
        TreeMap<Integer, Epoch> out = new TreeMap<>();
        for (Epoch e : parts) {
            out.put(e.epoch(), new Epoch(e.epoch(), e.train(), e.val(), e.head(), perRow * e.train().size(),
                    perRow * e.val().size()));
        }
        return new FeatureHistory(runId, out, Integer.MAX_VALUE, problem);
    }

    /** One epoch's samples and head, checked. */
    private static Epoch epoch(String runId, int epoch, HeadRow hr, FeatureColumns cols, int[][] rows) {
        if (hr == null) {
            throw new UnusableHistoryException("run " + runId + " has features but no head for epoch " + epoch);
        }
        if (hr.dim() != cols.dim()) {
            throw new UnusableHistoryException("run " + runId + " epoch " + epoch + ": head expects " + hr.dim()
                    + " features, the features table holds " + cols.dim());
        }
        Samples train = samples(cols, rows[0], false);
        Samples val = samples(cols, rows[1], true);
        if (val.size() == 0) {
            throw new UnusableHistoryException("run " + runId + " has no validation features for epoch " + epoch
                    + " (train.val_features = false?)");
        }
        checkFinite(runId, epoch, "training", train);
        checkFinite(runId, epoch, "validation", val);
        LinearHead head = LinearHead.of(hr);
        if (!head.finite()) {
            throw new UnusableHistoryException("run " + runId + " has a non-finite head at epoch " + epoch);
        }
        return new Epoch(epoch, train, val, head, 0, 0);
    }

    /**
     * Why the history ends before the run's last epoch with features, with the epochs it keeps, e.g. "run r3
     * has non-finite (NaN or infinite) training features at epoch 3: scored at epochs 1..2 only"; null when
     * every epoch is usable.
     */
    public String problem() {
        if (problem == null) {
            return null;
        }
        return problem + ": scored at epochs " + epochs.firstKey() + ".." + epochs.lastKey() + " only";
    }

    /**
     * Reads one run's feature history from its part files: features through the columnar path, heads
     * through the row reader (a few rows). The read time, grouping included, is spread over the epochs.
     *
     * @throws org.earlyrank.schema.TableException when a file is unreadable or has the wrong schema
     * @throws UnusableHistoryException           as {@link #of}
     */
    public static FeatureHistory read(String runId, List<Path> featureFiles, List<Path> headFiles, Configuration conf) {
        long t0 = System.nanoTime();
        FeatureColumns cols = FeatureColumns.read(featureFiles, conf, runId);
        List<HeadRow> heads = new ArrayList<>();
        for (Path f : headFiles) {
            ParquetTableReader.forEachOfRun(f, HeadsTable.TABLE, conf, runId, r -> heads.add(HeadRow.fromRow(r)));
        }
        return of(runId, cols, heads, (System.nanoTime() - t0) / 1e9);
    }

    /** Total read time attributed to the visible epochs. */
    public double readSeconds() {
        double s = 0;
        for (Epoch e : epochs.headMap(visible, true).values()) {
            s += e.trainReadSeconds() + e.valReadSeconds();
        }
        return s;
    }

    private static Samples samples(FeatureColumns cols, int[] rows, boolean byIndex) {
        int[] r = rows;
        if (byIndex && !sortedByIndex(cols, r)) {
            Integer[] boxed = new Integer[r.length];
            for (int i = 0; i < r.length; i++) {
                boxed[i] = r[i];
            }
            Arrays.sort(boxed, (a, b) -> Integer.compare(cols.sampleIndex()[a], cols.sampleIndex()[b]));
            r = new int[r.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = boxed[i];
            }
        }
        int[] labels = new int[r.length];
        int[] index = new int[r.length];
        for (int i = 0; i < r.length; i++) {
            labels[i] = cols.label()[r[i]];
            index[i] = cols.sampleIndex()[r[i]];
        }
        return new Samples(cols.values(), cols.dim(), r, labels, index);
    }

    private static boolean sortedByIndex(FeatureColumns cols, int[] rows) {
        for (int i = 1; i < rows.length; i++) {
            if (cols.sampleIndex()[rows[i]] < cols.sampleIndex()[rows[i - 1]]) {
                return false;
            }
        }
        return true;
    }

    private static void checkFinite(String runId, int epoch, String split, Samples s) {
        if (!s.finite()) {
            throw new UnusableHistoryException("run " + runId + " has non-finite (NaN or infinite) " + split
                    + " features at epoch " + epoch);
        }
    }

    /** The same history with every epoch after {@code t} hidden. */
    public FeatureHistory upTo(int t) {
        return new FeatureHistory(runId, epochs, Math.min(t, visible), problem);
    }

    public String runId() {
        return runId;
    }

    /** Visible epochs, ascending. */
    public List<Integer> epochs() {
        List<Integer> out = new ArrayList<>(epochs.headMap(visible, true).keySet());
        return Collections.unmodifiableList(out);
    }

    /** The last visible epoch, or 0 when none. */
    public int lastEpoch() {
        Integer k = epochs.floorKey(visible);
        return k == null ? 0 : k;
    }

    /**
     * A visible epoch's data.
     *
     * @throws IllegalArgumentException for an epoch after the budget
     */
    public Optional<Epoch> epoch(int e) {
        if (e > visible) {
            throw new IllegalArgumentException("epoch " + e + " is after the budget " + visible + " of run " + runId);
        }
        return Optional.ofNullable(epochs.get(e));
    }

    /** True when every visible epoch has training-set features to re-optimise its head on. */
    public boolean hasTrainFeatures() {
        for (Epoch e : epochs.headMap(visible, true).values()) {
            if (e.train().size() == 0) {
                return false;
            }
        }
        return true;
    }

    /** Read time attributed to one epoch's training or validation rows. */
    public double readSeconds(int e, boolean train) {
        Epoch x = epoch(e).orElseThrow();
        return train ? x.trainReadSeconds() : x.valReadSeconds();
    }
}
