package org.earlyrank.report;

import static org.earlyrank.report.Html.esc;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.earlyrank.Version;

/**
 * Builds the one self-contained report page from the sections that apply: inline CSS, inline SVG, no
 * scripts, no external files or URLs, so the page can be mailed, archived or opened from any file
 * system.
 *
 * <p>A section that throws does not sink the report (the table is already computed): the page shows
 * what failed in its place, and {@link Page#failures()} lists it for the stage's notes.
 */
public final class ReportPage {
    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0 auto;max-width:1100px;padding:0 24px 48px}
            h1{font-size:24px;margin:24px 0 4px}h2{font-size:19px;margin:32px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
            h3{font-size:15px;margin:20px 0 6px}.meta{color:#666;margin:0 0 12px}
            nav ul{list-style:none;padding:0;margin:8px 0;display:flex;flex-wrap:wrap;gap:6px 18px}
            a{color:#1f5fa8;text-decoration:none}a:hover{text-decoration:underline}
            dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:8px 0}dl.facts dt{font-weight:600}dl.facts dd{margin:0}
            table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{padding:3px 9px;border-bottom:1px solid #e5e5e5;text-align:left}
            th{background:#f6f6f6;position:sticky;top:0}td.num{text-align:right;font-variant-numeric:tabular-nums}
            code{font:12.5px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f3f3f3;padding:0 3px;border-radius:3px}
            figure{margin:8px 0}svg{max-width:100%;height:auto}
            .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:8px}
            tr.sig td{font-weight:600}.error{color:#a00}details summary{cursor:pointer;margin:8px 0}ul.notes{margin:4px 0}
            """;

    private ReportPage() {
    }

    /**
     * @param html     the page
     * @param sections titles of the sections shown
     * @param failures "title: message" of each section that threw
     */
    public record Page(String html, List<String> sections, List<String> failures) {
    }

    public static Page render(ReportContext ctx, List<ReportSection> sections) {
        List<ReportSection> shown = new ArrayList<>();
        for (ReportSection s : sections) {
            if (s.applies(ctx)) {
                shown.add(s);
            }
        }
        StringBuilder body = new StringBuilder();
        List<String> failures = new ArrayList<>();
        for (ReportSection s : shown) {
            String inner;
            try {
                inner = s.html(ctx);
            } catch (RuntimeException e) {
                String why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                failures.add(s.title() + ": " + why);
                inner = "<p class=\"error\">This section could not be drawn: " + esc(why) + "</p>\n";
            }
            body.append("<section id=\"").append(esc(s.id())).append("\">\n<h2>").append(esc(s.title())).append("</h2>\n")
                    .append(inner).append("</section>\n");
        }
        StringBuilder b = new StringBuilder(body.length() + 4096);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>EarlyRank report: ").append(esc(ctx.sweepId())).append("</title>\n<style>\n").append(CSS)
                .append("</style>\n</head>\n<body>\n<header>\n<h1>EarlyRank report: <code>").append(esc(ctx.sweepId()))
                .append("</code></h1>\n<p class=\"meta\">How well each performance estimator ranks the runs early, against ")
                .append(esc(ctx.truth().description())).append(". Generated ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" by EarlyRank ").append(esc(Version.version()))
                .append(" (").append(esc(Version.gitCommit())).append(").</p>\n<nav><ul>\n");
        for (ReportSection s : shown) {
            b.append("<li><a href=\"#").append(esc(s.id())).append("\">").append(esc(s.title())).append("</a></li>\n");
        }
        b.append("</ul></nav>\n</header>\n").append(body).append("</body>\n</html>\n");
        return new Page(b.toString(), shown.stream().map(ReportSection::title).toList(), List.copyOf(failures));
    }
}
