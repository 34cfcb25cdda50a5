package dev.annotator.spark.bench;

import static org.apache.spark.sql.functions.col;

import dev.annotator.spark.StudentTransformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Relabels a CSV of texts through Spark, as {@code annotator predict} does in one JVM: reads the
 * file, applies the student, writes label, confidence and one probability column per label as CSV.
 * Not a test: run by {@code bench/spark.sh}.
 *
 * <p>Arguments: {@code MASTER MODEL_DIR_OR_FILE INPUT_CSV OUTPUT_DIR}. Prints one JSON line with the
 * row count, the wall time of the job (read, predict, write) and of the program from its first line
 * (session start, model load, job), and texts per second for both.
 */
public final class SparkRelabelBench {
    private SparkRelabelBench() {
    }

    /**
     * @param args master, model, input CSV, output directory
     */
    public static void main(String[] args) {
        long start = System.nanoTime();
        if (args.length != 4) {
            System.err.println("usage: SparkRelabelBench MASTER MODEL INPUT_CSV OUTPUT_DIR");
            System.exit(2);
        }
        SparkSession spark = SparkSession.builder().appName("annotator-spark-relabel").master(args[0])
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try {
            StudentTransformer student = StudentTransformer.builder().modelPath(args[1]).distributionColumn("p").build();
            List<String> labels = student.task().labelNames();
            long jobStart = System.nanoTime();
            // the input is RFC 4180 CSV (quotes doubled inside quoted fields), as the CLI reads it
            Dataset<Row> texts = spark.read().option("header", "true").option("escape", "\"").csv(args[2]);
            List<Column> out = new ArrayList<>(List.of(col("predicted_label").as("label"), col("confidence")));
            for (String l : labels) {
                out.add(col("p").getItem(l).as("p_" + l));
            }
            student.apply(texts).select(out.toArray(new Column[0])).write().mode("overwrite").option("header", "true")
                    .csv(args[3]);
            long end = System.nanoTime();
            long rows = spark.read().option("header", "true").csv(args[3]).count();
            double jobSeconds = (end - jobStart) / 1e9;
            double totalSeconds = (end - start) / 1e9;
            System.out.println(String.format(Locale.ROOT,
                    "{\"master\":\"%s\",\"partitions\":%d,\"texts\":%d,\"jobSeconds\":%.2f,\"totalSeconds\":%.2f,"
                            + "\"textsPerSecondJob\":%.0f,\"textsPerSecondTotal\":%.0f}",
                    args[0], texts.rdd().getNumPartitions(), rows, jobSeconds, totalSeconds, rows / jobSeconds,
                    rows / totalSeconds));
        } finally {
            StudentTransformer.closeCachedStudents();
            spark.stop();
        }
    }
}
