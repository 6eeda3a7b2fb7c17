package org.earlyrank.stage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.earlyrank.schema.TableSchema;

/**
 * What a stage will do, fixed before the sweep folder changes: the options it records in options.json
 * (and compares on resume), the tables it writes, whatever it prepared while checking its inputs
 * ({@link #detail}: parsed rows, chosen winners), and a reason to redo a finished run without
 * {@code --overwrite} ({@link #redo}: the report when a table it shows changed), or null.
 */
public record Plan(Map<String, Object> options, List<TableSchema> outputs, Object detail, String redo) {
    public Plan {
        // Options may hold nulls (unset keys), which Map.copyOf refuses.
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        outputs = List.copyOf(outputs);
    }

    /** A plan with nothing prepared. */
    public static Plan of(Map<String, Object> options, List<TableSchema> outputs) {
        return new Plan(options, outputs, null, null);
    }

    public Plan withDetail(Object d) {
        return new Plan(options, outputs, d, redo);
    }

    public Plan withRedo(String why) {
        return new Plan(options, outputs, detail, why);
    }

    /** The prepared detail, as the type the stage put there. */
    public <T> T detail(Class<T> type) {
        return type.cast(detail);
    }
}
