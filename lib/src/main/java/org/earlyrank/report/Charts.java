package org.earlyrank.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Rectangle;
import java.util.List;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * Renders JFreeChart charts to inline SVG elements for the report page (no files, no scripts), and the
 * page's shared look: fonts, grid and the estimator colour palette.
 *
 * <p>Several SVG elements share one HTML document, so every chart gets its own id and prefix for the
 * SVG definitions (clip paths, gradients) it emits; without that, the second chart would clip to the
 * first chart's rectangles. Headless: needs no display. Thread-safe (no shared mutable state).
 */
public final class Charts {
    /** Tableau 10: distinguishable on screen and in grey print. */
    private static final Color[] PALETTE = {
            new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2), new Color(0x59A14F),
            new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F), new Color(0xBAB0AC)};
    public static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    public static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private Charts() {
    }

    /** The colour of the i-th series (cycles after 10, with a dash pattern to tell them apart). */
    public static Color color(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    /** Solid for the first ten series, dashed for the next ten, and so on. */
    public static BasicStroke stroke(int i) {
        return dashed(Math.floorMod(i, 30) / PALETTE.length);
    }

    /** Dash patterns of a family's variants: solid, long dash, dots, dash-dot, ... (cycles after eight). */
    private static final float[][] DASHES = {null, {7f, 3f}, {2f, 2.5f}, {7f, 3f, 2f, 3f}, {12f, 4f},
            {4f, 4f}, {12f, 3f, 2f, 3f, 2f, 3f}, {1f, 4f}};

    /** The line of a family's v-th variant: solid first, then a distinct dash pattern per variant. */
    public static BasicStroke dashed(int v) {
        float[] dash = DASHES[Math.floorMod(v, DASHES.length)];
        return dash == null ? new BasicStroke(1.8f)
                : new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f);
    }

    /** The stroke of a reference line across a chart (a threshold, T_eff, the best in the pool): short dashes. */
    public static final BasicStroke REFERENCE = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
            10f, new float[]{5f, 4f}, 0f);

    /**
     * A labelled line across a chart at {@code value}; the caller adds it to its plot as a domain or range
     * marker.
     *
     * @param anchor     where the label sits on the line's extent
     * @param textAnchor which point of the label's text is at that place
     */
    public static ValueMarker marker(double value, Color color, BasicStroke stroke, String label,
                                     RectangleAnchor anchor, TextAnchor textAnchor) {
        ValueMarker m = new ValueMarker(value, color, stroke);
        m.setLabel(label);
        m.setLabelFont(LABEL);
        m.setLabelAnchor(anchor);
        m.setLabelTextAnchor(textAnchor);
        return m;
    }

    /**
     * The colour of family f's v-th variant: the family's hue, darker or lighter by variant (0: the palette
     * colour itself; then alternately darker and lighter, in steps), so a family reads as one hue.
     */
    public static Color color(int f, int v) {
        Color c = color(f);
        if (v == 0) {
            return c;
        }
        double step = Math.min(0.6, 0.18 * ((v + 1) / 2));
        boolean darker = v % 2 == 1;
        return new Color(shade(c.getRed(), step, darker), shade(c.getGreen(), step, darker), shade(c.getBlue(), step, darker));
    }

    private static int shade(int channel, double step, boolean darker) {
        return (int) Math.round(darker ? channel * (1 - step) : channel + (255 - channel) * step);
    }

    /** The same colour with an alpha in [0, 255]. */
    public static Paint translucent(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    /** White background, light grid, the page's fonts (XY and category plots). */
    public static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(TITLE);
        }
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(LABEL);
            chart.getLegend().setFrame(org.jfree.chart.block.BlockBorder.NONE);
        }
        if (chart.getPlot() instanceof XYPlot p) {
            p.setDomainGridlinePaint(new Color(0xDDDDDD));
            p.setRangeGridlinePaint(new Color(0xDDDDDD));
            style(p, p.getDomainAxis(), p.getRangeAxis());
        }
        if (chart.getPlot() instanceof CategoryPlot p) {
            p.setRangeGridlinePaint(new Color(0xDDDDDD));
            style(p, p.getDomainAxis(), p.getRangeAxis());
        }
    }

    /** What XY and category plots share: background, outline, axis fonts. */
    private static void style(Plot p, Axis domain, Axis range) {
        p.setBackgroundPaint(Color.WHITE);
        p.setOutlinePaint(new Color(0x999999));
        for (Axis a : List.of(domain, range)) {
            a.setLabelFont(LABEL);
            a.setTickLabelFont(LABEL);
        }
    }

    /**
     * The chart as an inline {@code <svg>} element of the given size (scales down with the page).
     *
     * @param id unique within the page: the element's id and the prefix of its definitions
     */
    public static String svg(JFreeChart chart, int width, int height, String id) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setDefsKeyPrefix(id + "-");
        chart.draw(g, new Rectangle(0, 0, width, height));
        return g.getSVGElement(id, true, new ViewBox(0, 0, width, height), null, null);
    }
}
