package dev.pgguard.bench.safety;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Writer latency over time, one panel per run (pgguard above, the naive baseline below), drawn
 * headless with java.awt: each operation is a dot at (start time since the migration began,
 * latency) on a log scale from 0.1 ms to the slowest operation; the migration window is shaded,
 * the 1 s target is a red line. Writes in blue, reads in grey, failed operations as red crosses.
 */
final class LatencyPlot {

    private static final int WIDTH = 1400;
    private static final int PANEL = 380;
    private static final int LEFT = 90;
    private static final int RIGHT = 30;
    private static final int TOP = 60;
    private static final int GAP = 70;

    /** One panel's data. */
    record Panel(String title, List<WriterLoad.Op> ops, List<SafetyDomain.WriterOp> kinds, long migrationStart,
            long migrationEnd) {
    }

    private LatencyPlot() {
    }

    static void write(Path file, String title, List<Panel> panels) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int height = TOP + panels.size() * (PANEL + GAP) + 10;
        BufferedImage img = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString(title, LEFT, 30);
        double maxLatencyMs = 1000;
        for (Panel p : panels) {
            for (WriterLoad.Op o : p.ops()) {
                maxLatencyMs = Math.max(maxLatencyMs, o.durationNanos() / 1e6);
            }
        }
        double logMin = Math.log10(0.1);
        double logMax = Math.ceil(Math.log10(maxLatencyMs * 1.2));
        int y0 = TOP;
        for (Panel p : panels) {
            drawPanel(g, p, y0, logMin, logMax);
            y0 += PANEL + GAP;
        }
        g.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    private static void drawPanel(Graphics2D g, Panel p, int top, double logMin, double logMax) {
        int plotW = WIDTH - LEFT - RIGHT;
        long first = p.ops().isEmpty() ? p.migrationStart() : p.ops().get(0).startNanos();
        long last = p.migrationEnd();
        for (WriterLoad.Op o : p.ops()) {
            last = Math.max(last, o.endNanos());
        }
        double xMin = (first - p.migrationStart()) / 1e9;
        double xMax = Math.max(xMin + 1, (last - p.migrationStart()) / 1e9);
        java.util.function.DoubleUnaryOperator x = s -> LEFT + (s - xMin) / (xMax - xMin) * plotW;
        java.util.function.DoubleUnaryOperator y = ms -> top + PANEL
                - (Math.log10(Math.max(ms, 0.1)) - logMin) / (logMax - logMin) * PANEL;

        g.setColor(new Color(255, 246, 200));
        int mx0 = (int) x.applyAsDouble(0);
        int mx1 = (int) x.applyAsDouble((p.migrationEnd() - p.migrationStart()) / 1e9);
        g.fillRect(mx0, top, Math.max(1, mx1 - mx0), PANEL);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setStroke(new BasicStroke(1f));
        for (int e = (int) Math.ceil(logMin); e <= logMax; e++) {
            int yy = (int) y.applyAsDouble(Math.pow(10, e));
            g.setColor(new Color(225, 225, 225));
            g.drawLine(LEFT, yy, LEFT + plotW, yy);
            g.setColor(Color.DARK_GRAY);
            double ms = Math.pow(10, e);
            String label = ms >= 1000 ? String.format(Locale.ROOT, "%.0f s", ms / 1000) : ms >= 1
                    ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.1f ms", ms);
            g.drawString(label, 10, yy + 4);
        }
        double step = niceStep((xMax - xMin) / 10);
        for (double s = Math.ceil(xMin / step) * step; s <= xMax; s += step) {
            int xx = (int) x.applyAsDouble(s);
            g.setColor(new Color(235, 235, 235));
            g.drawLine(xx, top, xx, top + PANEL);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.0f s", s), xx - 12, top + PANEL + 16);
        }

        for (WriterLoad.Op o : p.ops()) {
            double s = (o.startNanos() - p.migrationStart()) / 1e9;
            double ms = o.durationNanos() / 1e6;
            int px = (int) x.applyAsDouble(s);
            int py = (int) y.applyAsDouble(ms);
            if (o.error() != null) {
                g.setColor(Color.RED);
                g.drawLine(px - 3, py - 3, px + 3, py + 3);
                g.drawLine(px - 3, py + 3, px + 3, py - 3);
            } else if (p.kinds().get(o.op()).write()) {
                g.setColor(new Color(30, 90, 200, 110));
                g.fillRect(px - 1, py - 1, 3, 3);
                if (ms >= 100) {
                    // a stall: a line from when the operation started to when it returned
                    g.setColor(new Color(30, 90, 200, 160));
                    g.drawLine(px, py, (int) x.applyAsDouble((o.endNanos() - p.migrationStart()) / 1e9), py);
                }
            } else {
                g.setColor(new Color(120, 120, 120, 90));
                g.fillRect(px - 1, py - 1, 2, 2);
            }
        }
        int target = (int) y.applyAsDouble(1000);
        g.setColor(Color.RED);
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        g.drawLine(LEFT, target, LEFT + plotW, target);
        g.drawString("1 s target", LEFT + plotW - 70, target - 4);

        g.setStroke(new BasicStroke(1f));
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, top, plotW, PANEL);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(p.title(), LEFT, top - 8);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("seconds since the migration started (shaded: migration running); latency per operation, log scale;"
                + " blue = write (a stall: line from start to return), grey = read, red x = failed", LEFT, top + PANEL + 34);
    }

    private static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
