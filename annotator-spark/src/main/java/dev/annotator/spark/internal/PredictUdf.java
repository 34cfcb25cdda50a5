package dev.annotator.spark.internal;

import dev.annotator.core.student.StudentModel;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.spark.StudentLoader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;

/**
 * The student as a SQL function of one text: a struct of label and confidence, null for a null
 * text. Uses the JVM's shared student from {@link StudentCache}; one text per student call.
 */
public final class PredictUdf implements UDF1<String, Row> {
    private static final long serialVersionUID = 1L;

    private final ModelLocation location;
    private final String sha256;
    private final StudentLoader loader;
    private transient volatile StudentModel model;

    /**
     * @param location where the student file is
     * @param sha256 its content hash, as the driver saw it
     * @param loader opens the file on a cache miss
     */
    public PredictUdf(ModelLocation location, String sha256, StudentLoader loader) {
        this.location = location;
        this.sha256 = sha256;
        this.loader = loader;
    }

    @Override
    public Row call(String text) {
        if (text == null) {
            return null;
        }
        StudentModel m = model;
        if (m == null) {
            m = StudentCache.get(location.resolve(), sha256, loader);
            model = m;
        }
        LabelDistribution d = m.predict(text);
        return RowFactory.create(d.top(), d.max());
    }
}
