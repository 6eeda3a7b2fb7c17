package org.earlyrank.report;

import java.util.List;

import org.earlyrank.stage.Stage;

/**
 * A stage whose tables the report page shows in sections of their own (fit-svr's fits and early stopping,
 * prune-mip's MIP, train-final's final runs, the report's own). The pipeline builds the page from every
 * registered stage's sections, in registry order; nothing in the report changes for a new one. Run on its
 * own outside the sweep (prune-mip, train-final), such a stage is followed by the report, so the page shows
 * its tables ({@code org.earlyrank.pipeline.Pipeline#run}).
 */
public interface ReportedStage extends Stage {
    /** The sections showing this stage's tables, in page order. */
    List<ReportSection> reportSections();
}
