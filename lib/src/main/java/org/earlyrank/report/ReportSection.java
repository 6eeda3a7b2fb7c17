package org.earlyrank.report;

import java.util.List;

import org.earlyrank.schema.TableSchema;

/**
 * One section of {@code report/index.html}. The report stage asks every section of its page
 * (the report's own and those of every {@link ReportedStage} in the pipeline's registry) whether it
 * {@link #applies} to the sweep, and concatenates the HTML of those that do, in order. A stage adds its
 * section (e.g. the nu-SVR fits, the MIP decisions) by implementing this interface, reading its own table
 * through {@link ReportContext#table}, declaring that table in {@link #tables()}, and returning the
 * instance from its {@link ReportedStage#reportSections()}; nothing else in the report changes.
 *
 * <p>Contract: {@link #html} returns a self-contained HTML fragment (no scripts, no external files or
 * URLs; charts as inline SVG through {@link Charts}), with text escaped through {@link Html}. It must not
 * fail on a sweep where {@link #applies} is true; sections are stateless.
 */
public interface ReportSection {
    /** The section's heading; also its anchor in the page's contents. */
    String title();

    /** Short lowercase id for the anchor and chart ids, e.g. {@code tau-by-budget}. */
    String id();

    /**
     * The tables the section reads besides runs, curves and estimates: the report checks each one that is
     * present (complete, declared schema, readable) before anything in the sweep changes.
     */
    default List<TableSchema> tables() {
        return List.of();
    }

    /** Whether the sweep has what this section shows (e.g. {@code ctx.hasTable("svr_fits")}). */
    default boolean applies(ReportContext ctx) {
        return true;
    }

    /**
     * Whether this section shows a stage's own tables and not estimates, so that a sweep folder without an
     * {@code estimates} table still gets a report when such a section applies (a prune-mip folder). The
     * report on a folder with neither estimates nor a standalone section that applies fails, naming
     * {@code estimates}.
     */
    default boolean standalone() {
        return false;
    }

    /** The section's body (the page adds the heading). */
    String html(ReportContext ctx);
}
