package org.earlyrank.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;

/**
 * Typed access to row values, whether the row came from EarlyRank's own Parquet reader (Java arrays and
 * maps) or from Spark (Scala collections). NULL stays null.
 */
public final class Rows {
    private Rows() {
    }

    public static String string(Row r, int i) {
        return r.isNullAt(i) ? null : r.getString(i);
    }

    public static Integer integer(Row r, int i) {
        return r.isNullAt(i) ? null : ((Number) r.get(i)).intValue();
    }

    public static Long longValue(Row r, int i) {
        return r.isNullAt(i) ? null : ((Number) r.get(i)).longValue();
    }

    public static Double real(Row r, int i) {
        return r.isNullAt(i) ? null : ((Number) r.get(i)).doubleValue();
    }

    public static Boolean bool(Row r, int i) {
        return r.isNullAt(i) ? null : r.getBoolean(i);
    }

    public static float[] floats(Row r, int i) {
        if (r.isNullAt(i)) {
            return null;
        }
        Object v = r.get(i);
        if (v instanceof float[] f) {
            return f;
        }
        List<Object> list = r.getList(i);
        float[] out = new float[list.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = ((Number) list.get(k)).floatValue();
        }
        return out;
    }

    public static Map<String, Double> doubleMap(Row r, int i) {
        if (r.isNullAt(i)) {
            return null;
        }
        Object v = r.get(i);
        Map<String, Double> out = new LinkedHashMap<>();
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, x) -> out.put(String.valueOf(k), ((Number) x).doubleValue()));
        } else {
            r.<String, Object>getJavaMap(i).forEach((k, x) -> out.put(k, ((Number) x).doubleValue()));
        }
        return out;
    }
}
