package org.earlyrank.estimate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.earlyrank.config.ConfigException;
import org.earlyrank.stage.Stage;

/**
 * Every estimator name, mapped to its family and the stage that scores it. Built from the registered
 * stages ({@code org.earlyrank.pipeline.Stages.ESTIMATORS}); every user of estimator names reads it: the
 * score stages (which names they compute), train-final (which names {@code --estimator} may take), the
 * option checks and docs/options.md, and a search that scores runs by estimator name. Immutable.
 */
public final class EstimatorRegistry {
    /** One family and the stage whose rows in {@code estimates} hold its scores. */
    public record Entry(EstimatorFamily family, String stage) {
    }

    private final List<Entry> families;
    private final Map<String, EstimatorInfo> byName = new LinkedHashMap<>();
    private final Map<String, Entry> entryOf = new LinkedHashMap<>();

    /** @throws IllegalArgumentException when two families register the same name */
    public EstimatorRegistry(List<Entry> families) {
        this.families = List.copyOf(families);
        for (Entry e : this.families) {
            for (EstimatorInfo i : e.family().estimators()) {
                if (byName.put(i.name(), i) != null) {
                    throw new IllegalArgumentException("estimator '" + i.name() + "' is registered twice");
                }
                entryOf.put(i.name(), e);
            }
        }
    }

    /** The families of the given stages (those that are {@link ScoringStage}s), in their order. */
    public static EstimatorRegistry of(Collection<? extends Stage> stages) {
        List<Entry> out = new ArrayList<>();
        for (Stage s : stages) {
            if (s instanceof ScoringStage ss) {
                out.add(new Entry(ss.family(), ss.name()));
            }
        }
        return new EstimatorRegistry(out);
    }

    public List<Entry> families() {
        return families;
    }

    /** Every registered estimator, family by family, in report order. */
    public List<EstimatorInfo> all() {
        return List.copyOf(byName.values());
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public Optional<EstimatorInfo> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** @throws ConfigException naming the registered estimators */
    public EstimatorInfo get(String name) {
        EstimatorInfo i = byName.get(name);
        if (i == null) {
            throw new ConfigException("unknown estimator '" + name + "'; registered: " + String.join(", ", names()));
        }
        return i;
    }

    /** The family of an estimator. */
    public EstimatorFamily family(String estimator) {
        get(estimator);
        return entryOf.get(estimator).family();
    }

    /** The stage that writes an estimator's scores. */
    public String stage(String estimator) {
        get(estimator);
        return entryOf.get(estimator).stage();
    }

    /**
     * Checks an option's estimator names.
     *
     * @param key     the option, for the message ({@code train-final.estimator})
     * @param all     the value that stands for a choice made elsewhere ({@code all}, {@code auto}), accepted alone
     * @param allowed the names this option may take (a family's, or every registered one)
     * @throws ConfigException naming the key, the unknown name and what is allowed
     */
    public static void check(String key, List<String> names, String all, Collection<String> allowed) {
        if (names.equals(List.of(all))) {
            return;
        }
        for (String n : names) {
            if (!allowed.contains(n)) {
                throw new ConfigException(key + " names an unknown estimator '" + n + "'; registered: "
                        + String.join(", ", allowed));
            }
        }
    }
}
