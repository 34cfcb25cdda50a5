package dev.annotator.spark;

import org.apache.spark.sql.SparkSession;

/** The one small {@code local[2]} session the tests of this module share (stopped by Spark's shutdown hook). */
final class LocalSpark {
    private LocalSpark() {
    }

    static SparkSession session() {
        return SparkSession.builder()
                .appName("annotator-spark-test")
                .master("local[2]")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
    }
}
