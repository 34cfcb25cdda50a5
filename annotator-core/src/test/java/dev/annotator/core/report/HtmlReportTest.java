package dev.annotator.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.eval.ClassificationReport;
import dev.annotator.core.eval.Evaluator;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    private static final Task TASK = Task.builder().name("sentiment").label("positive", "praise")
            .label("neg<b>ative</b>", "complaint").build();

    private static ClassificationReport report() {
        // 6 examples: 4 right, 2 wrong, with varied confidence
        List<List<String>> gold = new ArrayList<>();
        List<LabelDistribution> pred = new ArrayList<>();
        double[][] p = {{0.9, 0.1}, {0.8, 0.2}, {0.3, 0.7}, {0.6, 0.4}, {0.2, 0.8}, {0.55, 0.45}};
        String[] g = {"positive", "positive", "neg<b>ative</b>", "neg<b>ative</b>", "positive", "positive"};
        for (int i = 0; i < p.length; i++) {
            gold.add(List.of(g[i]));
            pred.add(LabelDistribution.of(TASK, p[i]));
        }
        return Evaluator.evaluate(TASK, gold, pred);
    }

    private static RunRecord record() {
        Map<String, String> prov = new LinkedHashMap<>();
        prov.put("annotator", "knn:k=5");
        prov.put("seed", "42");
        Map<String, Long> sources = new LinkedHashMap<>();
        sources.put("llm", 120L);
        sources.put("cached", 30L);
        sources.put("abstained", 6L);
        return new RunRecord("Active loop on sentiment", TASK, Instant.parse("2026-11-25T12:00:00Z"), prov,
                List.of(new CurvePoint("random", 0, 50, 50, 0.01, 0.61, 0.60), new CurvePoint("random", 1, 100, 100, 0.02, 0.70, 0.69),
                        new CurvePoint("entropy", 0, 50, 50, 0.01, 0.61, 0.60), new CurvePoint("entropy", 1, 100, 100, 0.02, 0.76, 0.75)),
                List.of(Evaluation.of("fast student", "test", report()), Evaluation.of("teacher", "test", report())), sources);
    }

    @Test
    void should_round_trip_a_run_record_through_json() {
        RunRecord r = record();

        RunRecord back = RunRecordJson.read(RunRecordJson.write(r));

        assertThat(back).isEqualTo(r);
        assertThat(back.evaluations().get(0).confusion()).isDeepEqualTo(r.evaluations().get(0).confusion());
        assertThat(back.provenance().keySet()).containsExactly("annotator", "seed");
    }

    @Test
    void should_summarise_a_classification_report_faithfully() {
        ClassificationReport rep = report();

        Evaluation e = Evaluation.of("s", "test", rep);

        assertThat(e.accuracy()).isEqualTo(rep.accuracy());
        assertThat(e.examples()).isEqualTo(6);
        int total = 0;
        for (int[] row : e.confusion()) {
            for (int v : row) {
                total += v;
            }
        }
        assertThat(total).isEqualTo(6);
        assertThat(e.calibration().stream().mapToInt(b -> b.count()).sum()).isEqualTo(6);
    }

    @Test
    void should_render_a_self_contained_document_with_every_section() {
        String html = HtmlReport.render(record());

        assertThat(html).startsWith("<!DOCTYPE html>").contains("Learning curve", "Per-class F1", "Where the labels came from",
                "Provenance", "knn:k=5", "confusion and calibration");
        // one learning curve, one cost curve, two heat maps, two reliability diagrams, a bar chart, a source bar
        assertThat(count(html, "<svg ")).isEqualTo(8);
        // no scripts, no external resources
        assertThat(html).doesNotContain("<script", " src=", " href=", "url(");
        // user text is escaped
        assertThat(html).doesNotContain("neg<b>ative</b>").contains("neg&lt;b&gt;ative&lt;/b&gt;");
        // two series drawn in the learning curve
        assertThat(count(html, "<path d=\"M")).isEqualTo(4);
    }

    @Test
    void should_say_what_is_missing_instead_of_drawing_empty_charts() {
        RunRecord bare = new RunRecord("bare", TASK, Instant.EPOCH, Map.of(), List.of(), List.of(), Map.of());

        String html = HtmlReport.render(bare);

        assertThat(html).contains("No learning curve recorded", "No evaluation against gold labels", "No label sources recorded",
                "No provenance recorded");
        assertThat(html).doesNotContain("<svg ");
    }

    @Test
    void should_write_and_read_run_directories(@TempDir Path dir) throws Exception {
        Path file = RunRecordJson.writeTo(dir.resolve("run"), record());

        assertThat(file.getFileName().toString()).isEqualTo("run.json");
        assertThat(RunRecordJson.readFrom(dir.resolve("run"))).isEqualTo(record());
        Path html = HtmlReport.write(record(), dir.resolve("out/report.html"));
        assertThat(Files.readString(html)).contains("</html>");
    }

    @Test
    void should_name_the_file_when_a_run_record_is_missing_or_invalid(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> RunRecordJson.readFrom(dir)).isInstanceOf(NonRetriableAnnotatorException.class)
                .hasMessageContaining("no run record at").hasMessageContaining(dir.toString());
        Files.writeString(dir.resolve("run.json"), "{\"name\": \"x\"}");
        assertThatThrownBy(() -> RunRecordJson.readFrom(dir)).isInstanceOf(NonRetriableAnnotatorException.class)
                .hasMessageContaining("run.json");
    }

    @Test
    void should_reject_out_of_range_curve_points() {
        assertThatThrownBy(() -> new CurvePoint("x", 0, 10, 10, 0, 1.2, 0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("accuracy");
    }

    private static int count(String s, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
