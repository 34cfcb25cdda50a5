package dev.annotator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annotator.core.report.RunRecord;
import dev.annotator.core.report.RunRecordJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    @TempDir
    Path dir;

    @Test
    void should_record_the_demo_run_and_render_it_again_on_request() throws IOException {
        Path data = DistillCommandTest.uciSlice(dir);
        Path run = dir.resolve("demo");
        AnnotatorCliTest.Run demo = AnnotatorCliTest.cli("demo", "--data", data.toString(), "--out", run.toString(), "--rounds", "1",
                "--no-baseline", "--no-encoder", "--json");
        assertThat(demo.exit()).as(demo.err()).isZero();

        RunRecord record = RunRecordJson.readFrom(run);
        AnnotatorCliTest.Run r = AnnotatorCliTest.cli("report", "--run", run.toString(), "--out",
                dir.resolve("r.html").toString(), "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        // the student, the teacher on test, the teacher on the texts it labelled
        assertThat(record.evaluations()).hasSize(3);
        // the recorded accuracies are the ones the demo printed
        assertThat(record.evaluations().get(0).accuracy()).isEqualTo(demo.lastJson().get("studentAccuracy").asDouble());
        assertThat(record.evaluations().get(1).accuracy()).isEqualTo(demo.lastJson().get("teacherAccuracy").asDouble());
        assertThat(record.evaluations().get(0).examples()).isEqualTo(200);
        String html = Files.readString(dir.resolve("r.html"));
        assertThat(html).contains("fast student", "Provenance", record.provenance().get("data fingerprint"));
        assertThat(r.lastJson().get("evaluations").asInt()).isEqualTo(3);
    }

    @Test
    void should_fail_with_exit_code_2_when_the_run_has_no_record() {
        AnnotatorCliTest.Run r = AnnotatorCliTest.cli("report", "--run", dir.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no run record at");
    }
}
