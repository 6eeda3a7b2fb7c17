package org.earlyrank.jobs;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.earlyrank.SmokeSweep;
import org.earlyrank.TestSpark;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.StepsTable;
import org.earlyrank.store.ParquetTableWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input, everywhere: every stage that reads a sweep, given a missing folder, a missing table, a table
 * with the wrong schema or a corrupt Parquet file, exits with status 2 and one message naming what and
 * where, and changes no file in the sweep, whichever of its inputs is damaged (the first, or a later one
 * such as fit-ensemble's features and heads or the report's and train-final's estimates: the runner checks
 * them all before anything changes). An optional table (steps, features, heads) may be missing, but not
 * damaged. (docs/errors.md lists these cases.)
 */
class BadInputTest {
    @TempDir
    Path dir;

    /** Every table each stage reads from a sweep; optional ones are not damaged by removing them. */
    private static final Set<String> OPTIONAL = Set.of("steps", "features", "heads");

    /** Stage, one of its input tables, and the damage. */
    static Stream<Arguments> stages() {
        List<Arguments> out = new ArrayList<>();
        String[][] inputs = {
                {"score-tse", "runs"}, {"score-tse", "curves"}, {"score-tse", "steps"},
                {"fit-ensemble", "runs"}, {"fit-ensemble", "curves"}, {"fit-ensemble", "features"},
                {"fit-ensemble", "heads"},
                {"fit-svr", "runs"}, {"fit-svr", "curves"},
                {"report", "runs"}, {"report", "curves"}, {"report", "estimates"},
                {"train-final", "runs"}, {"train-final", "estimates"},
                {"score-zc", "runs"}, {"fit-combined", "estimates"},
        };
        for (String[] r : inputs) {
            for (String damage : List.of("missing", "wrong-schema", "corrupt")) {
                if (!(damage.equals("missing") && OPTIONAL.contains(r[1]))) {
                    out.add(Arguments.of(r[0], r[1], damage));
                }
            }
        }
        return out.stream();
    }

    @BeforeAll
    static void trainAndScore() {
        // The smoke sweep, scored, so the report's estimates table exists in the copies.
        SmokeSweep.get();
        TestSpark.session();
    }

    /** A copy of the smoke sweep, scored by score-tse when the stage reads estimates. */
    private Path copyFor(String stage) {
        Path sweep = Path.of(SmokeSweep.copy(dir).root().toUri());
        if (stage.equals("report") || stage.equals("train-final") || stage.equals("fit-combined")) {
            CliRun r = CliRun.of("score-tse", "--sweep", sweep.toString(), "--conf", SmokeSweep.confFile().toString());
            assertEquals(0, r.code(), r.err());
        }
        return sweep;
    }

    private static Path firstPart(Path table) throws IOException {
        try (Stream<Path> s = Files.list(table)) {
            return s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().findFirst().orElseThrow();
        }
    }

    @ParameterizedTest(name = "{0} with {1} {2}")
    @MethodSource("stages")
    void aDamagedInputFailsWithOneMessageAndChangesNothing(String stage, String table, String damage) throws IOException {
        Path sweep = copyFor(stage);
        Path t = sweep.resolve(table);
        switch (damage) {
            case "missing" -> org.apache.commons.io.FileUtils.deleteDirectory(t.toFile());
            case "wrong-schema" -> {
                Path part = firstPart(t);
                Files.delete(part);
                // another table's rows in its place (steps' unless the table is steps)
                boolean steps = table.equals(StepsTable.NAME);
                ParquetTableWriter.writeFile(new org.apache.hadoop.fs.Path(part.toString()),
                        steps ? RunsTable.TABLE : StepsTable.TABLE,
                        List.of(steps ? SweepFiles.runs(sweep).get(0).toRow()
                                : new StepsTable.StepRow("smoke", "r000", 1, 1, 0.5, 50, 0.1).toRow()),
                        new Configuration());
            }
            case "corrupt" -> Files.writeString(firstPart(t), "not parquet at all");
            default -> throw new IllegalArgumentException(damage);
        }
        Map<String, String> before = SweepFiles.fingerprint(sweep);
        CliRun r = CliRun.of(stage, "--sweep", sweep.toString(), "--conf", SmokeSweep.confFile().toString(), "--overwrite");
        assertEquals(Jobs.BAD_INPUT, r.code(), stage + ": " + r.err());
        assertTrue(r.err().contains("'" + table + "'"), "the message names the table: " + r.err());
        assertFalse(r.err().contains("\tat "), "a message, not a stack trace: " + r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("earlyrank: error:")).count(), r.err());
        assertEquals(before, SweepFiles.fingerprint(sweep), "no file of the sweep changed");
    }

    @ParameterizedTest(name = "{0} on a missing sweep folder")
    @MethodSource("readingStages")
    void aMissingSweepFolderIsNamed(String stage) {
        Path missing = dir.resolve("no-such-sweep");
        CliRun r = CliRun.of(stage, "--sweep", missing.toString(), "--conf", SmokeSweep.confFile().toString());
        assertEquals(Jobs.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("no sweep folder at"), r.err());
        assertTrue(r.err().contains(missing.toString()), r.err());
        assertFalse(Files.exists(missing), "nothing was created");
    }

    static Stream<String> readingStages() {
        return Stream.of("score-zc", "score-tse", "fit-ensemble", "fit-svr", "fit-combined", "report", "train-final");
    }

    @Test
    void anUnknownConfigKeyOrAMissingConfigFileIsNamed() {
        CliRun key = CliRun.of("train", "--conf", SmokeSweep.confFile().toString(), "--set", "train.epoch=3",
                "--out", dir.toString());
        assertEquals(Jobs.BAD_INPUT, key.code());
        assertTrue(key.err().contains("unknown key 'train.epoch'"), key.err());
        assertFalse(key.err().contains("\tat "), key.err());
        Path nope = dir.resolve("nope.yaml");
        CliRun file = CliRun.of("train", "--conf", nope.toString(), "--out", dir.toString());
        assertEquals(Jobs.BAD_INPUT, file.code());
        assertTrue(file.err().contains(nope.toString()), file.err());
        assertFalse(file.err().contains("\tat "), file.err());
    }

    /** search's own bad input, each with the words its one message must hold. */
    static Stream<Arguments> badSearches() {
        return Stream.of(
                Arguments.of("unknown estimator", List.of("--estimator", "nope"),
                        "search.estimator names an unknown estimator 'nope'"),
                Arguments.of("unknown algorithm", List.of("--algorithm", "grid"), "search.algorithm must be one of"),
                Arguments.of("no estimates of the estimator", List.of("--estimator", "svr"),
                        "search.estimator 'svr' has no scores in sweep smoke"),
                Arguments.of("eta below 2", List.of("--set", "search.eta=1"), "search.eta"),
                Arguments.of("a budget above the sweep's", List.of("--set", "search.min_budget=5"), "search.min_budget"),
                Arguments.of("live search", List.of("--estimator", "fh-ensemble"),
                        "search.estimator 'fh-ensemble' cannot decide a live search"),
                Arguments.of("live f-hyperband", List.of("--algorithm", "f-hyperband"), "f-hyperband is replay only"));
    }

    @ParameterizedTest(name = "search: {0}")
    @MethodSource("badSearches")
    void aBadSearchFailsWithOneMessageAndChangesNothing(String what, List<String> extra, String message) {
        Path sweep = Path.of(SmokeSweep.copy(dir).root().toUri());
        Map<String, String> before = SweepFiles.fingerprint(sweep);
        List<String> args = new ArrayList<>(List.of("search", "--sweep", sweep.toString(), "--conf",
                SmokeSweep.confFile().toString()));
        if (!what.startsWith("live")) {
            args.add("--replay");
        }
        args.addAll(extra);
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(Jobs.BAD_INPUT, r.code(), what + ": " + r.err());
        assertTrue(r.err().contains(message), what + ": " + r.err());
        assertFalse(r.err().contains("\tat "), "a message, not a stack trace: " + r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("earlyrank: error:")).count(), r.err());
        assertEquals(before, SweepFiles.fingerprint(sweep), "no file of the sweep changed");
    }
}
