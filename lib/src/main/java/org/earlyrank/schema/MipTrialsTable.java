package org.earlyrank.schema;

import static org.earlyrank.schema.ColumnType.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * {@code mip_trials}: one row per scored budget setting of a prune-mip run. Its schema depends on the
 * configured budget space: after {@code setting_id} comes one column per budget parameter, in the order
 * of {@code prune-mip.parameters} (INT for epochs, batch_size, cells, channels, image_size; DOUBLE for
 * learning_rate and train_fraction). {@link #TABLE} declares the columns every MIP run has (readers check
 * with it: extra columns are allowed); writers use {@link #table(Map)}.
 */
public final class MipTrialsTable {
    public static final String NAME = "mip_trials";
    public static final String ROW_MEANING = "scored budget setting (BPE)";

    private static final List<Column> HEAD = List.of(
            new Column("sweep_id", STRING, false, "Sweep identifier of the MIP folder."),
            new Column("iteration", INT, false, "MIP iteration, 1-based; 0 = the reference (full training) row; the last = the final setting."),
            new Column("trial", INT, false, "Trial within the iteration, 1-based."),
            new Column("kind", STRING, false, "sampled (drawn from Eq. 2), final (every parameter fixed) or reference (full training)."),
            new Column("setting_id", STRING, false, "Short hash of the setting's budget-parameter values."));
    private static final List<Column> TAIL = List.of(
            new Column("spearman", DOUBLE, false, "r_s = Spearman(R_b, R_f) over G, in [-1, 1], R_b and R_f both final validation accuracies (Eq. 1); 1 on the reference row; 0 when undefined (see spearman_defined), as the issue asks."),
            new Column("spearman_defined", BOOLEAN, false, "False when R_b is constant or fewer than 3 architectures have a truth."),
            new Column("n_archs", INT, false, "Architectures whose ranks entered r_s."),
            new Column("spearman_test", DOUBLE, true, "Spearman(R_b, full training's final test ranking): reported, never optimised; on the reference row, full training's validation ranking against its test ranking. NULL when undefined or without a test split."),
            new Column("mean_cost_seconds", DOUBLE, true, "Mean training seconds per architecture under the setting (train_seconds - capture_seconds of the runs); NULL if none trained."),
            new Column("full_cost_seconds", DOUBLE, false, "Mean training seconds per architecture of the reference (full) training."),
            new Column("cost_ratio", DOUBLE, true, "mean_cost_seconds / full_cost_seconds."),
            new Column("model_cost", DOUBLE, false, "Modelled cost (FLOPs x samples x epochs, mean over G) relative to the full setting's."),
            new Column("objective", DOUBLE, true, "spearman - lambda x cost_ratio; NULL without a cost."),
            new Column("chosen", BOOLEAN, false, "True for the one setting with the highest objective (the stage's answer)."));

    /** The columns every mip_trials table has (no parameter columns). */
    public static final TableSchema TABLE = build(Map.of());
    public static final StructType SCHEMA = TABLE.struct();

    private MipTrialsTable() {
    }

    /** The schema for a budget space: parameter name to INT or DOUBLE, in Omega's order. */
    public static TableSchema table(Map<String, ColumnType> parameters) {
        for (Map.Entry<String, ColumnType> e : parameters.entrySet()) {
            if (e.getValue() != INT && e.getValue() != DOUBLE) {
                throw new IllegalArgumentException("budget parameter column " + e.getKey() + " must be int or double, got "
                        + e.getValue());
            }
        }
        return build(parameters);
    }

    /**
     * The schema a part file was written with, for readers that do not know the budget space (the report,
     * notebooks): the parameter columns are the file's columns between {@code setting_id} and
     * {@code spearman}, INT32 as INT and DOUBLE as DOUBLE. The fixed columns are then checked as usual when
     * the file is read.
     *
     * @param file  the part file's footer schema
     * @param where the file, for the message
     * @throws TableException when the fixed columns around the parameters are missing, or a parameter
     *                        column is neither int nor double
     */
    public static TableSchema of(MessageType file, String where) {
        String first = HEAD.get(HEAD.size() - 1).name();
        String after = TAIL.get(0).name();
        if (!file.containsField(first) || !file.containsField(after)) {
            TABLE.check(file, where);
        }
        Map<String, ColumnType> params = new LinkedHashMap<>();
        for (int i = file.getFieldIndex(first) + 1; i < file.getFieldIndex(after); i++) {
            Type t = file.getType(i);
            PrimitiveTypeName p = t.isPrimitive() ? t.asPrimitiveType().getPrimitiveTypeName() : null;
            if (p == PrimitiveTypeName.INT32) {
                params.put(t.getName(), INT);
            } else if (p == PrimitiveTypeName.DOUBLE) {
                params.put(t.getName(), DOUBLE);
            } else {
                throw new TableException(NAME, "table '" + NAME + "' at " + where + ": budget parameter column '"
                        + t.getName() + "' is " + t + ", expected int or double; re-run prune-mip with --overwrite");
            }
        }
        return build(params);
    }

    private static TableSchema build(Map<String, ColumnType> parameters) {
        TableSchema.Builder b = TableSchema.builder(NAME, ROW_MEANING);
        for (Column c : HEAD) {
            add(b, c);
        }
        parameters.forEach((name, type) -> b.required(name, type, "Budget parameter " + name + " of the setting."));
        for (Column c : TAIL) {
            add(b, c);
        }
        return b.build();
    }

    private static void add(TableSchema.Builder b, Column c) {
        if (c.nullable()) {
            b.nullable(c.name(), c.type(), c.doc());
        } else {
            b.required(c.name(), c.type(), c.doc());
        }
    }

    /** The budget-parameter columns of a table built by {@link #table(Map)}, in order. */
    public static List<String> parameters(TableSchema t) {
        List<String> out = new ArrayList<>();
        for (int i = HEAD.size(); i < t.size() - TAIL.size(); i++) {
            out.add(t.column(i).name());
        }
        return out;
    }

    /**
     * One trial.
     *
     * @param parameters value per budget parameter, in the table's order
     */
    public record TrialRow(String sweepId, int iteration, int trial, String kind, String settingId,
                           Map<String, Double> parameters, double spearman, boolean spearmanDefined, int nArchs,
                           Double spearmanTest, Double meanCostSeconds, double fullCostSeconds, Double costRatio, double modelCost,
                           Double objective, boolean chosen) {

        public Row toRow(TableSchema t) {
            Object[] v = new Object[t.size()];
            int i = 0;
            for (Object o : new Object[]{sweepId, iteration, trial, kind, settingId}) {
                v[i++] = o;
            }
            for (String p : MipTrialsTable.parameters(t)) {
                Double x = parameters.get(p);
                if (x == null) {
                    throw new IllegalArgumentException("trial has no value for column " + p);
                }
                v[i] = t.column(i).type() == INT ? (Object) (int) Math.round(x) : (Object) x;
                i++;
            }
            for (Object o : new Object[]{spearman, spearmanDefined, nArchs, spearmanTest, meanCostSeconds, fullCostSeconds, costRatio,
                    modelCost, objective, chosen}) {
                v[i++] = o;
            }
            return RowFactory.create(v);
        }

        public static TrialRow fromRow(Row r, TableSchema t) {
            Map<String, Double> params = new LinkedHashMap<>();
            for (String p : MipTrialsTable.parameters(t)) {
                params.put(p, Rows.real(r, t.indexOf(p)));
            }
            return new TrialRow(Rows.string(r, t.indexOf("sweep_id")), Rows.integer(r, t.indexOf("iteration")),
                    Rows.integer(r, t.indexOf("trial")), Rows.string(r, t.indexOf("kind")),
                    Rows.string(r, t.indexOf("setting_id")), params, Rows.real(r, t.indexOf("spearman")),
                    Rows.bool(r, t.indexOf("spearman_defined")), Rows.integer(r, t.indexOf("n_archs")),
                    Rows.real(r, t.indexOf("spearman_test")), Rows.real(r, t.indexOf("mean_cost_seconds")), Rows.real(r, t.indexOf("full_cost_seconds")),
                    Rows.real(r, t.indexOf("cost_ratio")), Rows.real(r, t.indexOf("model_cost")),
                    Rows.real(r, t.indexOf("objective")), Rows.bool(r, t.indexOf("chosen")));
        }
    }
}
