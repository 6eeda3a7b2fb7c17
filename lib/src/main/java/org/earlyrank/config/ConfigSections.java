package org.earlyrank.config;

import java.util.List;

/** Every configuration section, in the order the docs list them. */
public final class ConfigSections {
    public static final List<Section<?>> ALL = List.of(
            DatasetOptions.SECTION,
            SpaceOptions.SECTION,
            TrainOptions.SECTION,
            ImportCurvesOptions.SECTION,
            ScoreZcOptions.SECTION,
            ScoreTseOptions.SECTION,
            FitEnsembleOptions.SECTION,
            FitSvrOptions.SECTION,
            FitCombinedOptions.SECTION,
            ReportOptions.SECTION,
            PruneMipOptions.SECTION,
            TrainFinalOptions.SECTION,
            SearchOptions.SECTION,
            SparkOptions.SECTION);

    private ConfigSections() {
    }
}
