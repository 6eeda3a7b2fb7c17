package org.earlyrank.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.earlyrank.config.ConfigSections;
import org.earlyrank.config.Section;
import org.earlyrank.estimate.EstimatorInfo;
import org.earlyrank.report.ReportSection;
import org.earlyrank.report.ReportedStage;
import org.earlyrank.schema.TableDocs;
import org.earlyrank.schema.Tables;
import org.earlyrank.stage.Stage;
import org.earlyrank.stage.TableInput;
import org.junit.jupiter.api.Test;

/** The registry of stages and estimators, and the references generated from it. */
class StagesTest {
    @Test
    void oneNamePerStageEverywhere() {
        Set<String> names = new HashSet<>();
        for (Stage s : Stages.ALL) {
            assertTrue(names.add(s.name()), "one stage per name: " + s.name());
            assertTrue(s.name().matches("[a-z]+(-[a-z]+)*"), s.name());
            assertEquals(s.name().toUpperCase(Locale.ROOT), s.group(), "job group = the name in capitals");
            assertEquals(s, Stages.byName(s.name()).orElseThrow());
            // a stage with its own options section shares its name
            for (Section<?> sec : s.sections()) {
                assertTrue(ConfigSections.ALL.contains(sec), s.name() + " reads a section the loader knows: " + sec.name());
            }
            if (ConfigSections.ALL.stream().anyMatch(sec -> sec.name().equals(s.name()))) {
                assertTrue(s.sections().stream().anyMatch(sec -> sec.name().equals(s.name())), s.name());
            }
            for (TableInput in : s.inputs()) {
                assertTrue(Tables.byName(in.name()).isPresent(), s.name() + " reads a declared table: " + in.name());
            }
            s.outputs().forEach(t -> assertTrue(Tables.byName(t.name()).isPresent(), s.name() + " writes " + t.name()));
            assertEquals(s.root(), s.inputs().isEmpty(), s.name() + ": root stages read no sweep tables");
        }
        assertEquals(List.of("train", "import-curves", "score-zc", "score-tse", "fit-ensemble", "fit-svr", "fit-combined",
                "report", "prune-mip", "train-final", "search"), Stages.ALL.stream().map(Stage::name).toList());
    }

    @Test
    void theReportPageHoldsEveryReportedStagesSections() {
        List<ReportSection> page = Stages.REPORT.page();
        for (Stage s : Stages.ALL) {
            if (s instanceof ReportedStage r) {
                assertTrue(page.containsAll(r.reportSections()), s.name() + "'s sections are on the page");
            }
        }
        assertEquals(List.of("overview", "best", "comparisons", "tau-by-budget", "tau-by-compute", "effective-budget",
                "scatter", "svr", "mip", "final-runs", "search", "metrics"),
                page.stream().map(ReportSection::id).toList(), "the page's order");
    }

    @Test
    void everyEstimatorHasOneFamilyAndTheStageThatScoresIt() {
        List<String> names = Stages.ESTIMATORS.names();
        assertEquals(List.of("zc-grad-norm", "zc-snip", "zc-grasp", "zc-fisher", "zc-synflow", "zc-jacov", "zc-params",
                "zc-flops", "tse", "tse-e", "tse-ema", "val-acc", "sovl", "tl-mini", "tse-prev", "tse-ema-naslib",
                "tse-e-eb", "tse-ema-eb", "fh-original", "fh-optimized", "fh-ensemble", "svr", "lce", "bnn",
                "combined"), names);
        assertEquals("score-tse", Stages.ESTIMATORS.stage("tse-e-eb"));
        assertEquals("fit-ensemble", Stages.ESTIMATORS.stage("fh-ensemble"));
        assertEquals("fit-svr", Stages.ESTIMATORS.stage("svr"));
        assertEquals("score-zc", Stages.ESTIMATORS.stage("zc-synflow"));
        assertEquals("fit-combined", Stages.ESTIMATORS.stage("combined"));
        List<String> accuracies = new ArrayList<>();
        for (EstimatorInfo i : Stages.ESTIMATORS.all()) {
            if (i.accuracy()) {
                accuracies.add(i.name());
            }
        }
        assertEquals(List.of("val-acc", "fh-original", "fh-optimized", "fh-ensemble", "svr", "lce", "bnn"), accuracies,
                "the scores that predict the final accuracy");
        String m = assertThrows(org.earlyrank.config.ConfigException.class, () -> Stages.ESTIMATORS.get("tse-eb"))
                .getMessage();
        assertTrue(m.contains("unknown estimator 'tse-eb'") && m.contains("tse-e-eb, tse-ema-eb"), m);
    }

    @Test
    void theCommittedReferencesAreCurrent() throws Exception {
        Path options = Path.of("..", "docs", "options.md");
        assertEquals(Docs.options(), Files.isRegularFile(options) ? Files.readString(options) : "",
                "docs/options.md is out of date with the config sections or the estimator registry: run "
                        + "`bin/earlyrank docs` and commit it");
        assertEquals(TableDocs.render(), Docs.tables(), "docs/tables.md: see TableDocsTest");
        for (EstimatorInfo i : Stages.ESTIMATORS.all()) {
            assertTrue(Docs.options().contains("| `" + i.name() + "` | " + i.family() + " | `"), i.name() + " documented");
        }
    }
}
