package dev.annotator.core.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Small inline-SVG charts for {@link HtmlReport}: no scripts, no external resources. */
final class Svg {
    static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};
    private static final int W = 560;
    private static final int H = 320;
    private static final int LEFT = 56;
    private static final int RIGHT = 150;
    private static final int TOP = 16;
    private static final int BOTTOM = 44;

    private Svg() {
    }

    /** A point of a line chart. */
    record Point(double x, double y) {
    }

    /**
     * Lines over a shared x axis; y in [yMin, yMax].
     */
    static String lineChart(String title, String xLabel, String yLabel, Map<String, List<Point>> series, double yMin,
            double yMax) {
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        for (List<Point> ps : series.values()) {
            for (Point p : ps) {
                xMin = Math.min(xMin, p.x());
                xMax = Math.max(xMax, p.x());
            }
        }
        if (!(xMax > xMin)) {
            xMin = Double.isInfinite(xMin) ? 0 : xMin - 1;
            xMax = xMin + 2;
        }
        StringBuilder s = open(title);
        axes(s, xLabel, yLabel, xMin, xMax, yMin, yMax);
        int k = 0;
        for (Map.Entry<String, List<Point>> e : series.entrySet()) {
            String color = PALETTE[k % PALETTE.length];
            StringBuilder path = new StringBuilder();
            for (Point p : e.getValue()) {
                path.append(path.length() == 0 ? "M" : " L").append(fmt(px(p.x(), xMin, xMax))).append(',')
                        .append(fmt(py(p.y(), yMin, yMax)));
            }
            s.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(color)
                    .append("\" stroke-width=\"2\"/>");
            for (Point p : e.getValue()) {
                s.append("<circle cx=\"").append(fmt(px(p.x(), xMin, xMax))).append("\" cy=\"")
                        .append(fmt(py(p.y(), yMin, yMax))).append("\" r=\"3\" fill=\"").append(color).append("\"><title>")
                        .append(HtmlReport.esc(e.getKey())).append(": ").append(fmt(p.x())).append(", ")
                        .append(String.format(Locale.ROOT, "%.4f", p.y())).append("</title></circle>");
            }
            legend(s, k, e.getKey(), color);
            k++;
        }
        return s.append("</svg>").toString();
    }

    /** Horizontal bars grouped by category, one bar per group member, values in [0, max]. */
    static String barChart(String title, List<String> categories, Map<String, double[]> groups, double max) {
        int rows = categories.size() * Math.max(1, groups.size());
        int barH = 14;
        int height = TOP + BOTTOM + rows * barH + categories.size() * 8;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(height).append("\" role=\"img\"><title>")
                .append(HtmlReport.esc(title)).append("</title>");
        int plotW = W - LEFT - RIGHT - 40;
        int left = LEFT + 40;
        int y = TOP;
        for (int c = 0; c < categories.size(); c++) {
            s.append("<text x=\"").append(left - 6).append("\" y=\"").append(y + barH * groups.size() / 2 + 4)
                    .append("\" text-anchor=\"end\" font-size=\"12\">").append(HtmlReport.esc(categories.get(c))).append("</text>");
            int g = 0;
            for (Map.Entry<String, double[]> e : groups.entrySet()) {
                double v = e.getValue()[c];
                double w = Double.isNaN(v) ? 0 : plotW * Math.max(0, Math.min(1, v / max));
                s.append("<rect x=\"").append(left).append("\" y=\"").append(y).append("\" width=\"").append(fmt(w))
                        .append("\" height=\"").append(barH - 2).append("\" fill=\"").append(PALETTE[g % PALETTE.length])
                        .append("\"><title>").append(HtmlReport.esc(e.getKey())).append(": ")
                        .append(String.format(Locale.ROOT, "%.4f", v)).append("</title></rect>");
                s.append("<text x=\"").append(fmt(left + w + 4)).append("\" y=\"").append(y + barH - 4)
                        .append("\" font-size=\"10\">").append(String.format(Locale.ROOT, "%.3f", v)).append("</text>");
                y += barH;
                g++;
            }
            y += 8;
        }
        int k = 0;
        for (String name : groups.keySet()) {
            legend(s, k, name, PALETTE[k % PALETTE.length]);
            k++;
        }
        return s.append("</svg>").toString();
    }

    /** A confusion matrix as a heat map, rows gold, columns predicted, shaded by row share. */
    static String heatMap(String title, List<String> labels, int[][] counts) {
        int n = labels.size();
        int cell = Math.max(28, Math.min(64, 360 / Math.max(1, n)));
        int left = 110;
        int top = 40;
        int width = left + n * cell + 20;
        int height = top + n * cell + 40;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" role=\"img\"><title>")
                .append(HtmlReport.esc(title)).append("</title>");
        s.append("<text x=\"").append(left + n * cell / 2).append("\" y=\"14\" text-anchor=\"middle\" font-size=\"12\">predicted</text>");
        s.append("<text x=\"12\" y=\"").append(top + n * cell / 2)
                .append("\" font-size=\"12\" transform=\"rotate(-90 12 ").append(top + n * cell / 2).append(")\" text-anchor=\"middle\">gold</text>");
        for (int j = 0; j < n; j++) {
            s.append("<text x=\"").append(left + j * cell + cell / 2).append("\" y=\"").append(top - 6)
                    .append("\" text-anchor=\"middle\" font-size=\"11\">").append(HtmlReport.esc(abbreviate(labels.get(j))))
                    .append("</text>");
        }
        for (int i = 0; i < n; i++) {
            long rowTotal = 0;
            for (int v : counts[i]) {
                rowTotal += v;
            }
            s.append("<text x=\"").append(left - 6).append("\" y=\"").append(top + i * cell + cell / 2 + 4)
                    .append("\" text-anchor=\"end\" font-size=\"11\">").append(HtmlReport.esc(abbreviate(labels.get(i))))
                    .append("</text>");
            for (int j = 0; j < n; j++) {
                double share = rowTotal == 0 ? 0 : (double) counts[i][j] / rowTotal;
                int shade = (int) Math.round(255 - 200 * share);
                String fill = i == j ? String.format(Locale.ROOT, "rgb(%d,%d,255)", shade, shade)
                        : String.format(Locale.ROOT, "rgb(255,%d,%d)", shade, shade);
                s.append("<rect x=\"").append(left + j * cell).append("\" y=\"").append(top + i * cell).append("\" width=\"")
                        .append(cell).append("\" height=\"").append(cell).append("\" fill=\"").append(fill)
                        .append("\" stroke=\"#fff\"/>");
                s.append("<text x=\"").append(left + j * cell + cell / 2).append("\" y=\"").append(top + i * cell + cell / 2 + 4)
                        .append("\" text-anchor=\"middle\" font-size=\"11\">").append(counts[i][j]).append("</text>");
            }
        }
        return s.append("</svg>").toString();
    }

    /** Reliability diagram: per-bin accuracy against mean confidence, with the diagonal. */
    static String reliability(String title, List<Point> binCentresAccuracy, List<double[]> bins) {
        StringBuilder s = open(title);
        axes(s, "confidence", "accuracy", 0, 1, 0, 1);
        s.append("<line x1=\"").append(fmt(px(0, 0, 1))).append("\" y1=\"").append(fmt(py(0, 0, 1))).append("\" x2=\"")
                .append(fmt(px(1, 0, 1))).append("\" y2=\"").append(fmt(py(1, 0, 1)))
                .append("\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>");
        for (int i = 0; i < bins.size(); i++) {
            double[] b = bins.get(i); // lower, upper, accuracy, count, meanConfidence
            if (b[3] == 0) {
                continue;
            }
            double x0 = px(b[0], 0, 1);
            double x1 = px(b[1], 0, 1);
            double y = py(b[2], 0, 1);
            s.append("<rect x=\"").append(fmt(x0 + 1)).append("\" y=\"").append(fmt(y)).append("\" width=\"")
                    .append(fmt(x1 - x0 - 2)).append("\" height=\"").append(fmt(py(0, 0, 1) - y))
                    .append("\" fill=\"#1f77b4\" fill-opacity=\"0.7\"><title>")
                    .append(String.format(Locale.ROOT, "[%.2f, %.2f): %d examples, accuracy %.3f, mean confidence %.3f",
                            b[0], b[1], (long) b[3], b[2], b[4]))
                    .append("</title></rect>");
        }
        for (Point p : binCentresAccuracy) {
            s.append("<circle cx=\"").append(fmt(px(p.x(), 0, 1))).append("\" cy=\"").append(fmt(py(p.y(), 0, 1)))
                    .append("\" r=\"3\" fill=\"#d62728\"/>");
        }
        legend(s, 0, "accuracy per bin", "#1f77b4");
        legend(s, 1, "at mean confidence", "#d62728");
        legend(s, 2, "perfect calibration", "#999");
        return s.append("</svg>").toString();
    }

    private static StringBuilder open(String title) {
        return new StringBuilder().append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"")
                .append(H).append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" role=\"img\"><title>")
                .append(HtmlReport.esc(title)).append("</title>");
    }

    private static void axes(StringBuilder s, String xLabel, String yLabel, double xMin, double xMax, double yMin,
            double yMax) {
        double x0 = LEFT;
        double x1 = W - RIGHT;
        double y0 = H - BOTTOM;
        double y1 = TOP;
        s.append("<line x1=\"").append(x0).append("\" y1=\"").append(y0).append("\" x2=\"").append(x1).append("\" y2=\"")
                .append(y0).append("\" stroke=\"#333\"/>");
        s.append("<line x1=\"").append(x0).append("\" y1=\"").append(y0).append("\" x2=\"").append(x0).append("\" y2=\"")
                .append(y1).append("\" stroke=\"#333\"/>");
        for (int t = 0; t <= 4; t++) {
            double xv = xMin + (xMax - xMin) * t / 4;
            double yv = yMin + (yMax - yMin) * t / 4;
            double x = px(xv, xMin, xMax);
            double y = py(yv, yMin, yMax);
            s.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(y0 + 16)
                    .append("\" text-anchor=\"middle\" font-size=\"11\">").append(tick(xv, xMax - xMin)).append("</text>");
            s.append("<text x=\"").append(x0 - 6).append("\" y=\"").append(fmt(y + 4))
                    .append("\" text-anchor=\"end\" font-size=\"11\">").append(tick(yv, yMax - yMin)).append("</text>");
            s.append("<line x1=\"").append(x0).append("\" y1=\"").append(fmt(y)).append("\" x2=\"").append(x1)
                    .append("\" y2=\"").append(fmt(y)).append("\" stroke=\"#eee\"/>");
        }
        s.append("<text x=\"").append((x0 + x1) / 2).append("\" y=\"").append(H - 8)
                .append("\" text-anchor=\"middle\" font-size=\"12\">").append(HtmlReport.esc(xLabel)).append("</text>");
        s.append("<text x=\"14\" y=\"").append((y0 + y1) / 2).append("\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 ")
                .append((y0 + y1) / 2).append(")\">").append(HtmlReport.esc(yLabel)).append("</text>");
    }

    private static void legend(StringBuilder s, int k, String name, String color) {
        int x = W - RIGHT + 12;
        int y = TOP + 8 + k * 18;
        s.append("<rect x=\"").append(x).append("\" y=\"").append(y - 8).append("\" width=\"10\" height=\"10\" fill=\"")
                .append(color).append("\"/><text x=\"").append(x + 14).append("\" y=\"").append(y + 1)
                .append("\" font-size=\"11\">").append(HtmlReport.esc(abbreviate(name))).append("</text>");
    }

    private static double px(double x, double min, double max) {
        return LEFT + (W - LEFT - RIGHT) * (x - min) / (max - min);
    }

    private static double py(double y, double min, double max) {
        return (H - BOTTOM) - (H - BOTTOM - TOP) * (y - min) / (max - min);
    }

    private static String tick(double v, double range) {
        if (range >= 10) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return range >= 2 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String abbreviate(String s) {
        return s.length() <= 22 ? s : s.substring(0, 21) + "…";
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
