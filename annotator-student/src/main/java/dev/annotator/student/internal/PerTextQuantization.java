package dev.annotator.student.internal;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.annotator.core.NonRetriableAnnotatorException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes a dynamically quantized encoder give each text of a padded batch the vector it would get
 * alone. {@code DynamicQuantizeLinear} picks one activation scale and zero point for its whole input
 * tensor, so in a batch every text's quantization depends on the other texts and on the padding
 * (all-MiniLM-L6-v2-q moves by up to a few percent in cosine). This rewrite computes the scale and
 * zero point per text, over the text's real tokens only (padding masked to zero, which the range
 * includes anyway), with the operator's formulas; the {@code MatMulInteger} nodes that read the
 * zero point then run with zero point 0 and subtract {@code zeroPoint * columnSums(W - wZeroPoint)},
 * which is the same integer product. Everything else in the graph is unchanged. Not API.
 */
public final class PerTextQuantization {
    private static final String P = "annotator_ptq_";

    private PerTextQuantization() {
    }

    /**
     * Rewrites every {@code DynamicQuantizeLinear} of rank-3 token activations in place.
     *
     * @param model the encoder
     * @param opset its default-domain opset
     * @return the number of nodes rewritten (0 for a model that is not dynamically quantized)
     */
    public static int rewrite(OnnxMl.ModelProto.Builder model, long opset) {
        OnnxMl.GraphProto.Builder g = model.getGraphBuilder();
        Map<String, TensorProto> init = new HashMap<>();
        for (TensorProto t : g.getInitializerList()) {
            init.put(t.getName(), t);
        }
        Map<String, List<NodeProto>> consumers = new HashMap<>();
        boolean any = false;
        for (NodeProto n : g.getNodeList()) {
            any |= n.getOpType().equals("DynamicQuantizeLinear") && n.getDomain().isEmpty();
            for (String in : n.getInputList()) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
        }
        if (!any) {
            return 0;
        }
        List<NodeProto> out = new ArrayList<>();
        out.add(OnnxGraphs.node("Cast", new String[] {EncoderGraphs.ATTENTION_MASK}, P + "mask",
                OnnxGraphs.intAttr("to", TensorProto.DataType.FLOAT.getNumber())));
        g.addInitializer(OnnxGraphs.longTensor(P + "col_shape", new long[] {0, -1, 1}, 3));
        out.add(OnnxGraphs.node("Reshape", new String[] {P + "mask", P + "col_shape"}, P + "mask3"));
        g.addInitializer(OnnxGraphs.floatTensor(P + "zero", new float[] {0f}));
        g.addInitializer(OnnxGraphs.floatTensor(P + "qmax", new float[] {255f}));
        g.addInitializer(OnnxGraphs.uint8Scalar(P + "u8_zero", 0));
        Map<String, String> zeroPointOf = new HashMap<>(); // original zero-point output -> per-text int32 zero point
        Map<String, NodeProto> replaced = new HashMap<>(); // MatMulInteger nodes to rewrite, by output
        int count = 0;
        for (NodeProto n : g.getNodeList()) {
            if (n.getOpType().equals("DynamicQuantizeLinear") && n.getDomain().isEmpty()) {
                String x = n.getInput(0);
                String id = P + count++ + "_";
                out.add(OnnxGraphs.node("Mul", new String[] {x, P + "mask3"}, id + "masked"));
                out.add(reduce("ReduceMin", id + "masked", id + "rmin", opset, g));
                out.add(reduce("ReduceMax", id + "masked", id + "rmax", opset, g));
                out.add(OnnxGraphs.node("Min", new String[] {id + "rmin", P + "zero"}, id + "min"));
                out.add(OnnxGraphs.node("Max", new String[] {id + "rmax", P + "zero"}, id + "max"));
                out.add(OnnxGraphs.node("Sub", new String[] {id + "max", id + "min"}, id + "range"));
                String scale = n.getOutput(1);
                out.add(OnnxGraphs.node("Div", new String[] {id + "range", P + "qmax"}, scale));
                out.add(OnnxGraphs.node("Neg", new String[] {id + "min"}, id + "negmin"));
                out.add(OnnxGraphs.node("Div", new String[] {id + "negmin", scale}, id + "zp_raw"));
                out.add(OnnxGraphs.node("Clip", new String[] {id + "zp_raw", P + "zero", P + "qmax"}, id + "zp_clipped"));
                out.add(OnnxGraphs.node("Round", new String[] {id + "zp_clipped"}, id + "zp"));
                out.add(OnnxGraphs.node("Cast", new String[] {id + "zp"}, id + "zp_i32",
                        OnnxGraphs.intAttr("to", TensorProto.DataType.INT32.getNumber())));
                out.add(OnnxGraphs.node("Div", new String[] {x, scale}, id + "scaled"));
                out.add(OnnxGraphs.node("Round", new String[] {id + "scaled"}, id + "rounded"));
                out.add(OnnxGraphs.node("Add", new String[] {id + "rounded", id + "zp"}, id + "shifted"));
                out.add(OnnxGraphs.node("Clip", new String[] {id + "shifted", P + "zero", P + "qmax"}, id + "q"));
                out.add(OnnxGraphs.node("Cast", new String[] {id + "q"}, n.getOutput(0),
                        OnnxGraphs.intAttr("to", TensorProto.DataType.UINT8.getNumber())));
                zeroPointOf.put(n.getOutput(2), id + "zp_i32");
                for (NodeProto c : consumers.getOrDefault(n.getOutput(2), List.of())) {
                    if (!c.getOpType().equals("MatMulInteger") || c.getInputCount() < 3 || !c.getInput(2).equals(n.getOutput(2))) {
                        throw new NonRetriableAnnotatorException("cannot batch quantized encoder exactly: zero point '" + n.getOutput(2)
                                + "' feeds a " + c.getOpType() + " node");
                    }
                    replaced.put(c.getOutput(0), c);
                }
                continue;
            }
            if (n.getOpType().equals("MatMulInteger") && replaced.containsKey(n.getOutput(0))) {
                String raw = n.getOutput(0) + "_annotator_raw";
                NodeProto.Builder mm = n.toBuilder().setOutput(0, raw).setInput(2, P + "u8_zero");
                out.add(mm.build());
                String colSums = n.getOutput(0) + "_annotator_colsums";
                g.addInitializer(columnSums(colSums, init.get(n.getInput(1)), n.getInputCount() > 3 ? init.get(n.getInput(3)) : null,
                        n.getInput(1)));
                String zp = zeroPointOf.get(n.getInput(2));
                out.add(OnnxGraphs.node("Mul", new String[] {zp, colSums}, n.getOutput(0) + "_annotator_corr"));
                out.add(OnnxGraphs.node("Sub", new String[] {raw, n.getOutput(0) + "_annotator_corr"}, n.getOutput(0)));
                continue;
            }
            out.add(n);
        }
        g.clearNode().addAllNode(out);
        return count;
    }

    private static NodeProto reduce(String op, String in, String out, long opset, OnnxMl.GraphProto.Builder g) {
        OnnxMl.AttributeProto keep = OnnxGraphs.intAttr("keepdims", 1);
        if (opset >= 18) {
            g.addInitializer(OnnxGraphs.longTensor(out + "_axes", new long[] {1, 2}, 2));
            return OnnxGraphs.node(op, new String[] {in, out + "_axes"}, out, keep);
        }
        return OnnxGraphs.node(op, new String[] {in}, out, keep, OnnxMl.AttributeProto.newBuilder().setName("axes")
                .setType(OnnxMl.AttributeProto.AttributeType.INTS).addInts(1).addInts(2).build());
    }

    /** {@code sum_k (W[k, n] - zp[n])} as int32 [n], from 8-bit weights and their zero point. */
    private static TensorProto columnSums(String name, TensorProto w, TensorProto zp, String what) {
        if (w == null || w.getDimsCount() != 2) {
            throw new NonRetriableAnnotatorException("cannot batch quantized encoder exactly: weights '" + what
                    + "' are not a 2-D initializer");
        }
        int rows = (int) w.getDims(0);
        int cols = (int) w.getDims(1);
        int[] wv = ints(w);
        int[] zv = zp == null ? new int[] {0} : ints(zp);
        int[] sums = new int[cols];
        for (int k = 0; k < rows; k++) {
            for (int c = 0; c < cols; c++) {
                sums[c] += wv[k * cols + c] - zv[zv.length == 1 ? 0 : c];
            }
        }
        return OnnxGraphs.intTensor(name, sums, cols);
    }

    private static int[] ints(TensorProto t) {
        boolean signed = t.getDataType() == TensorProto.DataType.INT8.getNumber();
        if (!signed && t.getDataType() != TensorProto.DataType.UINT8.getNumber()) {
            throw new NonRetriableAnnotatorException("cannot batch quantized encoder exactly: '" + t.getName()
                    + "' is not 8-bit");
        }
        if (!t.getRawData().isEmpty()) {
            java.nio.ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            int[] out = new int[b.remaining()];
            for (int i = 0; i < out.length; i++) {
                byte v = b.get();
                out[i] = signed ? v : v & 0xff;
            }
            return out;
        }
        int[] out = new int[t.getInt32DataCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.getInt32Data(i);
        }
        return out;
    }
}
