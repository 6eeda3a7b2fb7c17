package org.earlyrank.report;

import java.util.List;

import org.earlyrank.report.sections.BestByBudgetSection;
import org.earlyrank.report.sections.FinalRunsSection;
import org.earlyrank.report.sections.MetricsTableSection;
import org.earlyrank.report.sections.MipSection;
import org.earlyrank.report.sections.OverviewSection;
import org.earlyrank.report.sections.ScatterSection;
import org.earlyrank.report.sections.SearchSection;
import org.earlyrank.report.sections.SvrSection;
import org.earlyrank.report.sections.TauByBudgetSection;

/** Every section the report page may show, in page order. Add a stage's section here. */
public final class ReportSections {
    public static final List<ReportSection> ALL = List.of(
            new OverviewSection(),
            new BestByBudgetSection(),
            new TauByBudgetSection(),
            new ScatterSection(),
            new SvrSection(),
            new MipSection(),
            new FinalRunsSection(),
            new SearchSection(),
            new MetricsTableSection());

    private ReportSections() {
    }
}
