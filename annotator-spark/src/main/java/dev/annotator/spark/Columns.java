package dev.annotator.spark;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Schema checks shared by the transformers, with errors that name the column. */
final class Columns {
    private Columns() {
    }

    static int requireColumn(StructType schema, String role, String name, DataType type) {
        List<String> names = Arrays.asList(schema.fieldNames());
        int i = names.indexOf(name);
        if (i < 0) {
            throw new SparkInputException(role + " column '" + name + "' not found; the DataFrame has columns " + names);
        }
        StructField f = schema.fields()[i];
        if (!f.dataType().sameType(type)) {
            throw new SparkInputException(role + " column '" + name + "' must be " + type.simpleString() + ", not "
                    + f.dataType().simpleString());
        }
        return i;
    }

    static void requireAbsent(StructType schema, String role, String name) {
        if (Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new SparkInputException(role + " column '" + name
                    + "' already exists in the DataFrame; choose another name or drop the column first");
        }
    }

    static String requireName(String parameter, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(parameter + " must not be blank: " + name);
        }
        return name;
    }
}
