package org.earlyrank.jobs;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.earlyrank.config.ConfigSections;
import org.earlyrank.config.SweepConfig;
import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/**
 * Every stage job's shorthand options against the config keys they stand for: the option is named after the
 * key, its help names the key, and its value lands in the config exactly as {@code --set section.key=value}
 * would. No Spark: only the command line is parsed and the config loaded.
 */
class ShorthandTest {
    /** One shorthand: the command, its option (the name users type, kept as it is), the key it sets, an example. */
    private record Row(String command, String option, String key, String example) {
    }

    /**
     * Every shorthand, with an example value that differs from the key's default and passes its checks. A new
     * shorthand needs a row here ({@link #everyShorthandHasARow}).
     */
    private static final List<Row> ROWS = List.of(
            new Row("train-final", "--estimator", "train-final.estimator", "tse-e"),
            new Row("train-final", "--budget", "train-final.budget", "3"),
            new Row("train-final", "--top-k", "train-final.top_k", "3"),
            new Row("score-zc", "--minibatches", "score-zc.minibatches", "2"),
            new Row("fit-svr", "--observed-fraction", "fit-svr.observed_fraction", "0.25"),
            new Row("fit-svr", "--train-size", "fit-svr.train_size", "50"),
            new Row("fit-svr", "--repeats", "fit-svr.repeats", "1"),
            new Row("search", "--replay", "search.replay", "true"),
            new Row("search", "--algorithm", "search.algorithm", "random"),
            new Row("search", "--estimator", "search.estimator", "tse-e"),
            new Row("search", "--repeats", "search.repeats", "3"),
            new Row("search", "--pool", "search.pool", "other-sweep"),
            new Row("prune-mip", "--reference-sweep", "prune-mip.reference_sweep", "reference-sweep"),
            new Row("import-curves", "--csv", "import-curves.csv", "curves.csv"),
            new Row("import-curves", "--curve-prefix", "import-curves.curve_prefix", "err_"),
            new Row("import-curves", "--arch-column", "import-curves.arch_column", "net"),
            new Row("import-curves", "--metric", "import-curves.metric", "error"),
            new Row("import-curves", "--higher-is-better", "import-curves.higher_is_better", "false"));

    /** The stage jobs of the command line, by command name (the stage's name and its config section's). */
    private static Map<String, CommandLine> stageJobs() {
        Map<String, CommandLine> out = new LinkedHashMap<>();
        new CommandLine(new EarlyRank()).getSubcommands().forEach((name, cl) -> {
            if (cl.getCommand() instanceof StageJob) {
                out.put(name, cl);
            }
        });
        return out;
    }

    @Test
    void everyShorthandHasARow() {
        List<String> declared = new ArrayList<>();
        stageJobs().forEach((name, cl) -> ((StageJob) cl.getCommand()).shorthands()
                .forEach(s -> declared.add(name + " " + s.optionName() + " " + name + "." + s.key())));
        assertEquals(Set.copyOf(ROWS.stream().map(r -> r.command() + " " + r.option() + " " + r.key()).toList()),
                Set.copyOf(declared));
    }

    @Test
    void eachShorthandIsItsKeySetOnTheCommandLine() {
        Map<String, CommandLine> jobs = stageJobs();
        for (Row r : ROWS) {
            String help = jobs.get(r.command()).getUsageMessage();
            assertTrue(help.contains(r.option()) && help.replaceAll("\\s+", "").contains("(" + r.key()),
                    r.option() + " and " + r.key() + " in: " + help);

            boolean flag = jobs.get(r.command()).getCommandSpec().findOption(r.option()).arity().max() == 0;
            List<String> args = flag ? List.of(r.option()) : List.of(r.option(), r.example());
            Map<String, String> given = job(r.command(), args).overrides();
            assertEquals(r.example(), given.get(r.key()), r.option() + " sets " + r.key() + ": " + given);

            String sectionKey = r.key().substring(r.key().indexOf('.') + 1);
            Object viaOption = value(config(r.command(), args), r.command(), sectionKey);
            List<String> set = List.of("--set", r.key() + "=" + r.example());
            Object viaSet = value(config(r.command(), set), r.command(), sectionKey);
            assertEquals(viaSet, viaOption, r.option() + " is --set " + r.key());
            assertNotEquals(value(SweepConfig.defaults(), r.command(), sectionKey), viaOption,
                    r.key() + ": the example must differ from the default to show that the value lands");
        }
    }

    @Test
    void aBadValueIsRefusedWithTheKeysName() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = new CommandLine(new EarlyRank()).execute("train-final", "--top-k", "many");
        } finally {
            System.setErr(err);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertEquals(Jobs.BAD_INPUT, code, text);
        assertTrue(text.contains("train-final.top_k must be an integer, got 'many'"), text);
    }

    private static SweepConfig config(String name, List<String> args) {
        StageJob job = job(name, args);
        return job.common.config(job.overrides());
    }

    private static StageJob job(String name, List<String> args) {
        List<String> all = new ArrayList<>(List.of(name));
        all.addAll(args);
        if (name.equals("import-curves") && !all.contains("--csv")) {
            all.addAll(List.of("--csv", "curves.csv")); // required
        }
        CommandLine root = new CommandLine(new EarlyRank());
        root.parseArgs(all.toArray(String[]::new));
        return (StageJob) root.getSubcommands().get(name).getCommand();
    }

    @SuppressWarnings("unchecked")
    private static Object value(SweepConfig cfg, String section, String key) {
        var sections = ConfigSections.ALL.stream().filter(s -> s.name().equals(section)).toList();
        return ((Map<String, Object>) cfg.values(List.copyOf(sections)).get(section)).get(key);
    }
}
