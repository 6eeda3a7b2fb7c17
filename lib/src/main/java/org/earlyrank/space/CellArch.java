package org.earlyrank.space;

import java.util.ArrayList;
import java.util.List;

/**
 * A NAS-Bench-201 cell: a DAG over 4 nodes whose 6 edges (i -> j, i < j) each carry one operation. Node 0
 * is the cell input, node j (j >= 1) is the sum of its incoming edges' outputs, node 3 is the cell output.
 * Edge order follows NAS-Bench-201's string: (0->1), (0->2), (1->2), (0->3), (1->3), (2->3), written
 * {@code |op~0|+|op~0|op~1|+|op~0|op~1|op~2|}.
 *
 * <p>References: Dong and Yang, "NAS-Bench-201: Extending the scope of reproducible neural architecture
 * search", ICLR 2020, Section 2.1.
 *
 * @param ops the six edge operations in the order above
 */
public record CellArch(List<String> ops) implements Architecture {
    public static final String SPACE = "nb201";
    public static final String NONE = "none";
    public static final String SKIP = "skip_connect";
    public static final String CONV1 = "conv_1x1";
    public static final String CONV3 = "conv_3x3";
    public static final String POOL = "avg_pool_3x3";
    public static final List<String> OPS = List.of(NONE, SKIP, CONV1, CONV3, POOL);
    /** Source node of each edge, in string order. */
    public static final int[] FROM = {0, 0, 1, 0, 1, 2};
    /** Target node of each edge, in string order. */
    public static final int[] TO = {1, 2, 2, 3, 3, 3};

    public CellArch {
        ops = List.copyOf(ops);
        if (ops.size() != 6) {
            throw new IllegalArgumentException("a cell has 6 edges, got " + ops.size());
        }
        for (String op : ops) {
            if (!OPS.contains(op)) {
                throw new IllegalArgumentException("unknown cell operation '" + op + "'; allowed: " + OPS);
            }
        }
    }

    /** Parses {@code |op~0|+|op~0|op~1|+|op~0|op~1|op~2|}. */
    public static CellArch parse(String s) {
        String[] nodes = s.split("\\+");
        if (nodes.length != 3) {
            throw new IllegalArgumentException("a NAS-Bench-201 cell string has 3 node groups separated by '+', got '" + s + "'");
        }
        List<String> ops = new ArrayList<>();
        for (int j = 0; j < 3; j++) {
            String[] edges = nodes[j].replaceAll("^\\||\\|$", "").split("\\|");
            if (edges.length != j + 1) {
                throw new IllegalArgumentException("node " + (j + 1) + " of '" + s + "' needs " + (j + 1) + " edges");
            }
            for (int i = 0; i <= j; i++) {
                String[] parts = edges[i].split("~");
                if (parts.length != 2 || !parts[1].equals(String.valueOf(i))) {
                    throw new IllegalArgumentException("edge '" + edges[i] + "' of '" + s + "' must read op~" + i);
                }
                ops.add(parts[0]);
            }
        }
        return new CellArch(ops);
    }

    @Override
    public String space() {
        return SPACE;
    }

    @Override
    public String canonical() {
        return format(ops);
    }

    private static String format(List<String> ops) {
        StringBuilder b = new StringBuilder();
        int e = 0;
        for (int j = 1; j <= 3; j++) {
            if (j > 1) {
                b.append('+');
            }
            b.append('|');
            for (int i = 0; i < j; i++) {
                b.append(ops.get(e++)).append('~').append(i).append('|');
            }
        }
        return b.toString();
    }

    /**
     * The operations that matter: an edge is effective when its source is reachable from the input and
     * its target reaches the output through effective edges. Others become {@code none}.
     */
    public List<String> effectiveOps() {
        boolean[] alive = new boolean[4];
        alive[0] = true;
        for (int j = 1; j <= 3; j++) {
            for (int e = 0; e < 6; e++) {
                if (TO[e] == j && alive[FROM[e]] && !ops.get(e).equals(NONE)) {
                    alive[j] = true;
                }
            }
        }
        boolean[] useful = new boolean[4];
        useful[3] = alive[3];
        for (int i = 2; i >= 0; i--) {
            for (int e = 0; e < 6; e++) {
                if (FROM[e] == i && useful[TO[e]] && alive[i] && !ops.get(e).equals(NONE)) {
                    useful[i] = true;
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (int e = 0; e < 6; e++) {
            boolean eff = !ops.get(e).equals(NONE) && alive[FROM[e]] && useful[TO[e]];
            out.add(eff ? ops.get(e) : NONE);
        }
        return out;
    }

    /** True when no path carries the input to the output: the cell outputs zeros. */
    public boolean outputIsZero() {
        return effectiveOps().stream().allMatch(NONE::equals);
    }

    @Override
    public String effective() {
        return format(effectiveOps());
    }

    @Override
    public String toString() {
        return canonical();
    }
}
