package org.earlyrank.report;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.earlyrank.SmokeSweep;
import org.earlyrank.config.ConfigLoader;
import org.earlyrank.pipeline.Pipeline;
import org.earlyrank.pipeline.Stages;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.store.SweepFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The report page of the smoke sweep in a real browser (Debian's chromium, headless; bin/test installs it):
 * it renders to a screenshot that is not blank, and every chart is laid out with coloured marks, i.e. data
 * (src/test/resources/report/chart-probe.js counts them). The screenshot is kept at
 * lib/target/report-screenshot.png for a person to look at.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS) // the first test in a JVM trains the smoke sweep (2-3 min here)
class ReportPageBrowserTest {
    /** Seconds one chromium call may take (it starts in 1-5 s here). */
    static final int BROWSER_SECONDS = 60;

    @TempDir
    Path dir;

    static String chromium() {
        for (String p : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (new File(p).canExecute()) {
                return p;
            }
        }
        return fail("no chromium: the report's browser check needs Debian's chromium (apt-get install chromium; "
                + "bin/test installs it)");
    }

    /** Runs chromium headless on a file and returns its stdout. */
    private String browse(Path profile, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--hide-scrollbars", "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        Path log = dir.resolve("chromium-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(BROWSER_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish in " + BROWSER_SECONDS + " s: " + cmd);
        }
        assertEquals(0, p.exitValue(), "chromium failed: " + cmd + "\n" + Files.readString(log));
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void thePageRendersInChromiumAndEveryChartHasData() throws Exception {
        SweepFolder sweep = SmokeSweep.copy(dir.resolve("sweep"));
        Map<String, ToDoubleFunction<RunRow>> est = new TreeMap<>();
        est.put("val-acc", RunRow::finalValAcc);
        est.put("tse", r -> -r.finalTestAcc() + 0.01 * (r.runId().hashCode() % 5));
        est.put("fh-ensemble", RunRow::finalTestAcc);
        ReportStageTest.writeEstimates(sweep, "synthetic", est);
        Pipeline.run(Stages.REPORT, null, ConfigLoader.load(SmokeSweep.confFile(), Map.of("report.bootstrap", "100")),
                sweep, false);
        Path page = Path.of(sweep.reportDir().toUri()).resolve(ReportStage.PAGE);
        String html = Files.readString(page);
        Set<String> ids = new HashSet<>();
        Matcher svg = Pattern.compile("<svg[^>]*\\bid=['\"]([^'\"]+)['\"]").matcher(html);
        while (svg.find()) {
            ids.add(svg.group(1));
        }
        assertTrue(ids.size() >= 3 + 2, "tau against budget and compute, one scatter per estimator: " + ids);

        String script;
        try (InputStream in = getClass().getResourceAsStream("/report/chart-probe.js")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path probe = dir.resolve("probe.html");
        Files.writeString(probe, html.replace("</body>", "<script>\n" + script + "\n</script>\n</body>"));
        String dom = browse(dir.resolve("profile-1"), "--dump-dom", probe.toUri().toString());
        Matcher m = Pattern.compile("<pre id=\"probe\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        String found = null;
        while (m.find()) { // the last one: the page's own text cannot end after the probe's element
            found = m.group(1);
        }
        assertNotNull(found, "the probe ran in the page:\n" + dom.substring(0, Math.min(500, dom.length())));
        JsonNode charts = new ObjectMapper().readTree(found.replace("&quot;", "\""));
        Set<String> seen = new HashSet<>();
        for (JsonNode c : charts) {
            String id = c.path("id").asText();
            seen.add(id);
            assertTrue(c.path("width").asInt() > 100 && c.path("height").asInt() > 100, "laid out: " + c);
            assertTrue(c.path("marks").asInt() > 0, "chart " + id + " draws no data: " + c);
        }
        assertEquals(ids, seen, "the browser sees every chart of the page");

        Path shot = Path.of("target", "report-screenshot.png").toAbsolutePath();
        Files.createDirectories(shot.getParent());
        Files.deleteIfExists(shot);
        browse(dir.resolve("profile-2"), "--window-size=1200,2400", "--screenshot=" + shot, page.toUri().toString());
        BufferedImage img = ImageIO.read(shot.toFile());
        assertNotNull(img, "a PNG screenshot");
        assertEquals(1200, img.getWidth());
        int inked = 0;
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                if (rgb != 0xFFFFFF) {
                    inked++;
                }
                colours.add(rgb);
            }
        }
        int sampled = (img.getWidth() / 2) * (img.getHeight() / 2);
        assertTrue(inked > sampled / 100, "the screenshot is not blank: " + inked + " of " + sampled + " sampled pixels inked");
        assertTrue(colours.size() > 20, "text and coloured charts, not one flat colour: " + colours.size() + " colours");
    }
}
