package dev.annotator.student.internal;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/** Small helpers over ONNX protobuf classes. Not API. */
public final class OnnxGraphs {
    /** ONNX IR version written. */
    public static final long IR_VERSION = 8;
    /** Default-domain opset written. */
    public static final long OPSET = 13;

    private OnnxGraphs() {
    }

    /**
     * @param name tensor name
     * @param elemType {@link TensorProto.DataType} number
     * @param dims dimension names (String) or sizes (Number)
     * @return the value info
     */
    public static ValueInfoProto tensorInfo(String name, TensorProto.DataType elemType, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof Number) {
                dim.setDimValue(((Number) d).longValue());
            } else {
                dim.setDimParam(d.toString());
            }
            shape.addDim(dim);
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(elemType.getNumber()).setShape(shape)))
                .build();
    }

    /**
     * @param name initializer name
     * @param data values, little-endian raw
     * @param dims shape
     * @return a float tensor
     */
    public static TensorProto floatTensor(String name, float[] data, long... dims) {
        ByteBuffer buf = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(data);
        return rawTensor(name, TensorProto.DataType.FLOAT, buf.array(), dims);
    }

    /**
     * @param name initializer name
     * @param data values
     * @param dims shape
     * @return an int32 tensor
     */
    public static TensorProto intTensor(String name, int[] data, long... dims) {
        ByteBuffer buf = ByteBuffer.allocate(data.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asIntBuffer().put(data);
        return rawTensor(name, TensorProto.DataType.INT32, buf.array(), dims);
    }

    /**
     * @param name initializer name
     * @param value the single value
     * @return a uint8 scalar
     */
    public static TensorProto uint8Scalar(String name, int value) {
        return rawTensor(name, TensorProto.DataType.UINT8, new byte[] {(byte) value});
    }

    private static TensorProto rawTensor(String name, TensorProto.DataType type, byte[] littleEndian, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber())
                .setRawData(ByteString.copyFrom(littleEndian));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    /**
     * Reads an int32 initializer back from a model.
     *
     * @param model the parsed model
     * @param name initializer name
     * @return its values, or empty when the model has no such int32 initializer
     */
    public static java.util.Optional<int[]> readIntInitializer(OnnxMl.ModelProto model, String name) {
        for (TensorProto t : model.getGraph().getInitializerList()) {
            if (t.getName().equals(name) && t.getDataType() == TensorProto.DataType.INT32.getNumber()) {
                if (!t.getRawData().isEmpty()) {
                    java.nio.IntBuffer ib = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
                    int[] out = new int[ib.remaining()];
                    ib.get(out);
                    return java.util.Optional.of(out);
                }
                int[] out = new int[t.getInt32DataCount()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = t.getInt32Data(i);
                }
                return java.util.Optional.of(out);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * @param name initializer name
     * @param data values
     * @param dims shape
     * @return an int64 tensor
     */
    public static TensorProto longTensor(String name, long[] data, long... dims) {
        ByteBuffer buf = ByteBuffer.allocate(data.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(data);
        return rawTensor(name, TensorProto.DataType.INT64, buf.array(), dims);
    }

    /**
     * @param op operator type
     * @param inputs input names
     * @param output output name
     * @param attributes extra attributes
     * @return the node
     */
    public static NodeProto node(String op, String[] inputs, String output, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(output + "_" + op).addOutput(output);
        for (String in : inputs) {
            n.addInput(in);
        }
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        return n.build();
    }

    /**
     * @param name attribute name
     * @param value integer value
     * @return the attribute
     */
    public static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    /**
     * Wraps a graph in a model with metadata and writes it atomically (temp file then move).
     *
     * @param file destination
     * @param graph the graph
     * @param docString model description
     * @param version producer version
     * @param metadata metadata_props entries
     * @throws IOException when writing fails
     */
    public static void writeModel(Path file, OnnxMl.GraphProto graph, String docString, String version,
            Map<String, String> metadata) throws IOException {
        OnnxMl.ModelProto.Builder model = OnnxMl.ModelProto.newBuilder().setIrVersion(IR_VERSION)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET)).setGraph(graph);
        writeModel(file, model, docString, version, metadata);
    }

    /**
     * Sets producer, description and metadata on a model and writes it atomically (temp file then move).
     *
     * @param file destination
     * @param model the model, graph and opsets set
     * @param docString model description
     * @param version producer version
     * @param metadata metadata_props entries, replacing any the model had
     * @throws IOException when writing fails
     */
    public static void writeModel(Path file, OnnxMl.ModelProto.Builder model, String docString, String version,
            Map<String, String> metadata) throws IOException {
        model.setProducerName("annotator").setProducerVersion(version).setDocString(docString).clearMetadataProps();
        metadata.forEach((k, v) -> model.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                model.build().writeTo(out);
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Writes bytes atomically (temp file then move).
     *
     * @param file destination
     * @param bytes contents
     * @throws IOException when writing fails
     */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
