package org.earlyrank.config;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Map;

import org.earlyrank.SmokeSweep;
import org.junit.jupiter.api.Test;

/** The search section: conf/search.yaml, the defaults, and messages naming the value and the range. */
class SearchOptionsTest {
    private static SearchOptions with(String key, String value) {
        return ConfigLoader.load(null, Map.of("search." + key, value)).get(SearchOptions.SECTION);
    }

    @Test
    void searchYamlKeepsTheDefaultSweepsDatasetSpaceAndTrainSections() {
        Path conf = SmokeSweep.confFile().resolveSibling("search.yaml");
        SweepConfig search = ConfigLoader.load(conf, Map.of());
        SweepConfig dflt = ConfigLoader.load(conf.resolveSibling("default.yaml"), Map.of());
        assertEquals(dflt.get(DatasetOptions.SECTION), search.get(DatasetOptions.SECTION));
        assertEquals(dflt.get(SpaceOptions.SECTION), search.get(SpaceOptions.SECTION));
        assertEquals(dflt.get(TrainOptions.SECTION), search.get(TrainOptions.SECTION),
                "a default sweep must be a valid pool for this search");
        SearchOptions s = search.get(SearchOptions.SECTION);
        assertEquals("hyperband", s.algorithm());
        assertEquals(2, s.eta());
        assertEquals(dflt.get(TrainOptions.SECTION).epochs(), s.maxBudget(), "the largest budget is the schedule's horizon");
        assertFalse(s.replay(), "a live search by default");
    }

    @Test
    void defaultsAreTheThesisAndBohbSettings() {
        SearchOptions d = SearchOptions.SECTION.defaults();
        assertEquals(100, d.repeats());
        assertEquals(2, d.eta(), "Cao 2021, Appendix A.3.2: eta = 2");
        assertEquals("val-acc", d.estimator());
        // Falkner et al. 2018 / hpbandster defaults.
        assertEquals(0.15, d.bohbTopFraction(), 0);
        assertEquals(1.0 / 3, d.bohbRandomFraction(), 0);
        assertEquals(3.0, d.bohbBandwidthFactor(), 0);
        assertEquals(64, d.bohbCandidates());
    }

    @Test
    void badValuesNameTheKeyTheValueAndTheRange() {
        assertEquals("search.repeats must be >= 1, got 0 (from the command line (search.repeats) over defaults)",
                assertThrows(ConfigException.class, () -> with("repeats", "0")).getMessage());
        assertEquals("search.bohb_top_fraction must be in (0, 1), got 1.0 (from the command line (search.bohb_top_fraction) over defaults)",
                assertThrows(ConfigException.class, () -> with("bohb_top_fraction", "1")).getMessage());
        assertEquals("search.bohb_random_fraction must be in [0.0, 1.0], got 1.5 (from the command line (search.bohb_random_fraction) over defaults)",
                assertThrows(ConfigException.class, () -> with("bohb_random_fraction", "1.5")).getMessage());
        assertEquals("search.estimator must name an estimator (e.g. val-acc, tse-e), got '' (from the command line (search.estimator) over defaults)",
                assertThrows(ConfigException.class, () -> with("estimator", " ")).getMessage());
        ConfigException max = assertThrows(ConfigException.class, () -> ConfigLoader.load(null,
                Map.of("search.min_budget", "4", "search.max_budget", "2")));
        assertEquals("search.max_budget must be >= search.min_budget (4) or 0 for the full budget, got 2 (from the command line (search.max_budget, search.min_budget) over defaults)",
                max.getMessage());
        ConfigException rb = assertThrows(ConfigException.class, () -> ConfigLoader.load(null,
                Map.of("search.max_budget", "12", "search.random_budget", "13")));
        assertEquals("search.random_budget must be in [1, search.max_budget = 12] or 0 for max_budget, got 13 (from the command line (search.max_budget, search.random_budget) over defaults)",
                rb.getMessage());
        assertTrue(assertThrows(ConfigException.class, () -> with("algoritm", "random")).getMessage()
                .contains("did you mean 'algorithm'?"));
    }
}
