package org.earlyrank.report;

import java.util.List;

import org.earlyrank.stage.Stage;

/**
 * A stage whose tables the report page shows in sections of their own (fit-svr's fits and early stopping,
 * prune-mip's MIP, train-final's final runs, the report's own). The pipeline builds the page from every
 * registered stage's sections, in registry order; nothing in the report changes for a new one.
 */
public interface ReportedStage extends Stage {
    /** The sections showing this stage's tables, in page order. */
    List<ReportSection> reportSections();

    /**
     * Whether running this stage on its own redraws the report afterwards, so the page shows its tables:
     * true for stages that run after the sweep's report (prune-mip, train-final).
     */
    default boolean redrawsReport() {
        return false;
    }
}
