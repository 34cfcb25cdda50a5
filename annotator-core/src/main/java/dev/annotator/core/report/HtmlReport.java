package dev.annotator.core.report;

import dev.annotator.core.eval.CalibrationBin;
import dev.annotator.core.eval.ClassMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link RunRecord} as one self-contained HTML file: inline CSS and SVG, no scripts, no
 * network. Sections: headline scores, learning curve (accuracy against labels, one line per series),
 * cost against accuracy, confusion matrices, reliability diagrams, per-class F1, where the labels came
 * from, and the run's provenance. Sections without data say so instead of drawing an empty chart.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    /**
     * @param record the run
     * @return the HTML document
     */
    public static String render(RunRecord record) {
        StringBuilder h = new StringBuilder(32_768);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(record.name())).append("</title><style>")
                .append("body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:24px auto;max-width:1180px;color:#222}")
                .append("h1{font-size:22px;margin-bottom:4px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}")
                .append(".sub{color:#666;font-size:13px}.grid{display:flex;flex-wrap:wrap;gap:16px}.card{border:1px solid #e3e3e3;border-radius:6px;padding:10px 14px}")
                .append(".big{font-size:26px;font-weight:600}table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #e3e3e3;padding:3px 8px;text-align:left}")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}.empty{color:#888;font-style:italic}")
                .append("</style></head><body>\n");
        h.append("<h1>").append(esc(record.name())).append("</h1><div class=\"sub\">task <b>").append(esc(record.task().name()))
                .append("</b> (").append(record.task().isMultiLabel() ? "multi-label" : "single-label").append(", ")
                .append(record.task().labelCount()).append(" labels) · finished ").append(esc(record.createdAt().toString()))
                .append("</div>\n");

        // headline
        h.append("<h2>Scores</h2>");
        if (record.evaluations().isEmpty()) {
            h.append("<p class=\"empty\">No evaluation against gold labels in this run.</p>");
        } else {
            h.append("<div class=\"grid\">");
            for (Evaluation e : record.evaluations()) {
                h.append("<div class=\"card\"><div>").append(esc(e.name())).append(" <span class=\"sub\">on ")
                        .append(esc(e.split())).append(", ").append(e.examples()).append(" examples</span></div><div class=\"big\">")
                        .append(pct(e.accuracy())).append("</div><div class=\"sub\">accuracy · macro-F1 ")
                        .append(num(e.macroF1())).append(" · ECE ").append(num(e.expectedCalibrationError())).append("</div></div>");
            }
            h.append("</div>");
        }

        // learning curve and cost
        h.append("<h2>Learning curve</h2>");
        if (record.curve().isEmpty()) {
            h.append("<p class=\"empty\">No learning curve recorded.</p>");
        } else {
            Map<String, List<Svg.Point>> byLabels = new LinkedHashMap<>();
            Map<String, List<Svg.Point>> byCost = new LinkedHashMap<>();
            boolean money = record.curve().stream().anyMatch(p -> p.usd() > 0);
            boolean paid = money || record.curve().stream().anyMatch(p -> p.calls() > 0);
            double yMin = 1;
            for (CurvePoint p : record.curve()) {
                byLabels.computeIfAbsent(p.series(), k -> new ArrayList<>()).add(new Svg.Point(p.labels(), p.accuracy()));
                byCost.computeIfAbsent(p.series(), k -> new ArrayList<>())
                        .add(new Svg.Point(money ? p.usd() : p.calls(), p.accuracy()));
                yMin = Math.min(yMin, p.accuracy());
            }
            double lo = Math.max(0, Math.floor(yMin * 10 - 0.5) / 10);
            h.append("<div class=\"grid\">")
                    .append(Svg.lineChart("Accuracy against labels", "labels", "accuracy", byLabels, lo, 1));
            if (paid) {   // a free annotator (k-NN, programs) has no cost axis worth drawing
                h.append(Svg.lineChart("Accuracy against cost", money ? "money spent (USD)" : "paid calls", "accuracy", byCost,
                        lo, 1));
            }
            h.append("</div>");
            h.append(curveTable(record.curve()));
        }

        // per evaluation: confusion, calibration
        for (Evaluation e : record.evaluations()) {
            h.append("<h2>").append(esc(e.name())).append(" on ").append(esc(e.split())).append(": confusion and calibration</h2><div class=\"grid\">")
                    .append(Svg.heatMap("Confusion matrix of " + e.name(), e.labels(), e.confusion()));
            List<Svg.Point> dots = new ArrayList<>();
            List<double[]> bins = new ArrayList<>();
            for (CalibrationBin b : e.calibration()) {
                bins.add(new double[] {b.lower(), b.upper(), b.accuracy(), b.count(), b.meanConfidence()});
                if (b.count() > 0) {
                    dots.add(new Svg.Point(b.meanConfidence(), b.accuracy()));
                }
            }
            if (bins.isEmpty()) {
                h.append("<p class=\"empty\">No confidences to calibrate.</p>");
            } else {
                h.append(Svg.reliability("Reliability of " + e.name(), dots, bins));
            }
            h.append("</div>");
        }

        // per-class F1
        if (!record.evaluations().isEmpty()) {
            h.append("<h2>Per-class F1</h2>");
            List<String> labels = record.task().labelNames();
            Map<String, double[]> groups = new LinkedHashMap<>();
            for (Evaluation e : record.evaluations()) {
                double[] f1 = new double[labels.size()];
                for (int i = 0; i < labels.size(); i++) {
                    ClassMetrics m = e.perClass().get(labels.get(i));
                    f1[i] = m == null ? Double.NaN : m.f1();
                }
                groups.put(e.name(), f1);
            }
            h.append(Svg.barChart("F1 per class", labels, groups, 1));
        }

        // sources
        h.append("<h2>Where the labels came from</h2>");
        long total = record.sources().values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            h.append("<p class=\"empty\">No label sources recorded.</p>");
        } else {
            h.append(sourceBar(record.sources(), total)).append("<table><tr><th>source</th><th>labels</th><th>share</th></tr>");
            record.sources().forEach((k, v) -> h.append("<tr><td>").append(esc(k)).append("</td><td class=\"n\">").append(v)
                    .append("</td><td class=\"n\">").append(pct((double) v / total)).append("</td></tr>"));
            h.append("</table>");
        }

        // provenance
        h.append("<h2>Provenance</h2>");
        if (record.provenance().isEmpty()) {
            h.append("<p class=\"empty\">No provenance recorded.</p>");
        } else {
            h.append("<table>");
            record.provenance().forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v))
                    .append("</td></tr>"));
            h.append("</table>");
        }
        return h.append("\n</body></html>\n").toString();
    }

    /**
     * Renders a run and writes the HTML file.
     *
     * @param record the run
     * @param out the file to write
     * @return {@code out}
     * @throws UncheckedIOException when writing fails
     */
    public static Path write(RunRecord record, Path out) {
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, render(record));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report " + out, e);
        }
    }

    private static String curveTable(List<CurvePoint> curve) {
        StringBuilder t = new StringBuilder("<details><summary>curve data</summary><table><tr><th>series</th><th>round</th>"
                + "<th>labels</th><th>calls</th><th>USD</th><th>accuracy</th><th>macro-F1</th></tr>");
        for (CurvePoint p : curve) {
            t.append("<tr><td>").append(esc(p.series())).append("</td><td class=\"n\">").append(p.round())
                    .append("</td><td class=\"n\">").append(p.labels()).append("</td><td class=\"n\">").append(p.calls())
                    .append("</td><td class=\"n\">").append(String.format(Locale.ROOT, "%.4f", p.usd()))
                    .append("</td><td class=\"n\">").append(num(p.accuracy())).append("</td><td class=\"n\">")
                    .append(num(p.macroF1())).append("</td></tr>");
        }
        return t.append("</table></details>").toString();
    }

    private static String sourceBar(Map<String, Long> sources, long total) {
        int width = 560;
        StringBuilder s = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width
                + "\" height=\"34\" role=\"img\"><title>label sources</title>");
        double x = 0;
        int k = 0;
        for (Map.Entry<String, Long> e : sources.entrySet()) {
            double w = width * (double) e.getValue() / total;
            s.append("<rect x=\"").append(Svg.fmt(x)).append("\" y=\"0\" width=\"").append(Svg.fmt(w))
                    .append("\" height=\"22\" fill=\"").append(Svg.PALETTE[k % Svg.PALETTE.length]).append("\"><title>")
                    .append(esc(e.getKey())).append(": ").append(e.getValue()).append("</title></rect>");
            if (w > 40) {
                s.append("<text x=\"").append(Svg.fmt(x + 4)).append("\" y=\"15\" font-size=\"11\" fill=\"#fff\">")
                        .append(esc(e.getKey())).append("</text>");
            }
            x += w;
            k++;
        }
        return s.append("</svg>").toString();
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
