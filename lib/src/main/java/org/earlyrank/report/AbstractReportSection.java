package org.earlyrank.report;

/**
 * A {@link ReportSection} that holds its id and title, the two things every section only declares; a section
 * adds what it reads and its {@link #html}.
 */
public abstract class AbstractReportSection implements ReportSection {
    private final String id;
    private final String title;

    protected AbstractReportSection(String id, String title) {
        this.id = id;
        this.title = title;
    }

    @Override
    public final String title() {
        return title;
    }

    @Override
    public final String id() {
        return id;
    }
}
