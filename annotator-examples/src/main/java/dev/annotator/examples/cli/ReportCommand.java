package dev.annotator.examples.cli;

import dev.annotator.core.report.HtmlReport;
import dev.annotator.core.report.RunRecord;
import dev.annotator.core.report.RunRecordJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code annotator report}: draw a run directory's {@code run.json} as one self-contained HTML file. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Render a run (the run.json that demo and the pipelines write) as one self-contained HTML file:",
            "learning curve, cost against accuracy, confusion matrix, calibration, per-class F1, label sources, provenance."})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, description = "Run directory holding run.json (or the run.json file).")
    Path run;

    @Option(names = "--out", description = "HTML file to write (default: report.html in the run directory).")
    Path out;

    @Option(names = "--json", description = "Print a JSON summary as the last line.")
    boolean json;

    @Override
    public Integer call() {
        RunRecord record = RunRecordJson.readFrom(run);
        Path target = out != null ? out
                : (run.getFileName() != null && run.getFileName().toString().endsWith(".json")
                        ? run.resolveSibling("report.html") : run.resolve("report.html"));
        HtmlReport.write(record, target);
        PrintWriter w = spec.commandLine().getOut();
        w.println("report of '" + record.name() + "' written to " + target);
        if (json) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("command", "report");
            s.put("run", record.name());
            s.put("curvePoints", record.curve().size());
            s.put("evaluations", record.evaluations().size());
            s.put("out", target.toString());
            Json.printLine(w, s);
        }
        w.flush();
        return 0;
    }
}
