package dev.halfday.engine.gan.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain line chart drawn with Java2D, for the run reports of {@code gan-plot} (FID and loss curves as PNG)
 * without a charting library: axes with round ticks, a light grid, one polyline per curve, optional dots, a
 * legend.
 */
public final class CurvePlot {

    /** One curve. */
    public record Curve(String name, Color color, double[] xs, double[] ys, boolean dots) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Curve> curves = new ArrayList<>();

    public CurvePlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public CurvePlot add(Curve curve) {
        curves.add(curve);
        return this;
    }

    public BufferedImage render(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            int left = 70;
            int right = 20;
            int top = 40;
            int bottom = 55;
            int w = width - left - right;
            int h = height - top - bottom;
            double[] xr = range(true);
            double[] yr = range(false);
            double xStep = niceStep(xr[1] - xr[0]);
            double yStep = niceStep(yr[1] - yr[0]);
            xr = new double[] {Math.floor(xr[0] / xStep) * xStep, Math.ceil(xr[1] / xStep) * xStep};
            yr = new double[] {Math.floor(yr[0] / yStep) * yStep, Math.ceil(yr[1] / yStep) * yStep};
            Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
            g.setFont(small);
            FontMetrics fm = g.getFontMetrics();
            for (double x = xr[0]; x <= xr[1] + xStep / 2; x += xStep) {
                int px = left + (int) Math.round((x - xr[0]) / (xr[1] - xr[0]) * w);
                g.setColor(new Color(0xeeeeee));
                g.drawLine(px, top, px, top + h);
                g.setColor(Color.DARK_GRAY);
                String label = format(x);
                g.drawString(label, px - fm.stringWidth(label) / 2, top + h + 16);
            }
            for (double y = yr[0]; y <= yr[1] + yStep / 2; y += yStep) {
                int py = top + h - (int) Math.round((y - yr[0]) / (yr[1] - yr[0]) * h);
                g.setColor(new Color(0xeeeeee));
                g.drawLine(left, py, left + w, py);
                g.setColor(Color.DARK_GRAY);
                String label = format(y);
                g.drawString(label, left - 8 - fm.stringWidth(label), py + 4);
            }
            g.setColor(Color.GRAY);
            g.drawRect(left, top, w, h);
            g.setColor(Color.BLACK);
            g.drawString(xLabel, left + w / 2 - fm.stringWidth(xLabel) / 2, height - 12);
            Graphics2D rotated = (Graphics2D) g.create();
            rotated.rotate(-Math.PI / 2);
            rotated.drawString(yLabel, -(top + h / 2) - fm.stringWidth(yLabel) / 2, 18);
            rotated.dispose();
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(title, left, 24);
            int legendX = left + w - 10;
            int legendY = top + 18;
            g.setFont(small);
            for (Curve c : curves) {
                Path2D path = new Path2D.Double();
                boolean started = false;
                for (int i = 0; i < c.xs().length; i++) {
                    if (!Double.isFinite(c.ys()[i])) {
                        continue;
                    }
                    double px = left + (c.xs()[i] - xr[0]) / (xr[1] - xr[0]) * w;
                    double py = top + h - (c.ys()[i] - yr[0]) / (yr[1] - yr[0]) * h;
                    if (started) {
                        path.lineTo(px, py);
                    } else {
                        path.moveTo(px, py);
                        started = true;
                    }
                    if (c.dots()) {
                        g.setColor(c.color());
                        g.fillOval((int) px - 3, (int) py - 3, 7, 7);
                    }
                }
                g.setColor(c.color());
                g.setStroke(new BasicStroke(2f));
                g.draw(path);
                int tw = fm.stringWidth(c.name());
                g.drawLine(legendX - tw - 30, legendY - 4, legendX - tw - 10, legendY - 4);
                g.setColor(Color.BLACK);
                g.drawString(c.name(), legendX - tw, legendY);
                legendY += 18;
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private double[] range(boolean x) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Curve c : curves) {
            double[] v = x ? c.xs() : c.ys();
            for (double d : v) {
                if (Double.isFinite(d)) {
                    lo = Math.min(lo, d);
                    hi = Math.max(hi, d);
                }
            }
        }
        if (!Double.isFinite(lo)) {
            return new double[] {0, 1};
        }
        if (!x) {
            lo = Math.min(lo, 0);
        }
        return hi > lo ? new double[] {lo, hi} : new double[] {lo - 1, hi + 1};
    }

    /** 1, 2 or 5 times a power of ten, giving about six ticks. */
    static double niceStep(double span) {
        double raw = span / 6;
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double[] steps = {1, 2, 5, 10};
        for (double s : steps) {
            if (raw <= s * power) {
                return s * power;
            }
        }
        return 10 * power;
    }

    private static String format(double v) {
        if (Math.abs(v - Math.rint(v)) < 1e-9) {
            return Long.toString(Math.round(v));
        }
        return String.format("%.2f", v);
    }
}
