package dev.annotator.student.internal;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.annotator.core.NonRetriableAnnotatorException;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends nodes to a BERT-family encoder graph: masked mean pooling and L2 normalisation (giving
 * {@value #EMBEDDING}), then a classification head. Nodes use only operators whose form is the same
 * from opset 11 up, except {@code ReduceSum}, written for the encoder's own opset. Not API.
 */
public final class EncoderGraphs {
    /** Output name of the pooled sentence embedding. */
    public static final String EMBEDDING = "embedding";
    /** Encoder input: token ids. */
    public static final String INPUT_IDS = "input_ids";
    /** Encoder input: attention mask. */
    public static final String ATTENTION_MASK = "attention_mask";
    /** Encoder input: token type ids (BERT segment ids). */
    public static final String TOKEN_TYPE_IDS = "token_type_ids";
    /** Output name of the per-token hidden states, float {@code [batch, tokens, dim]}. */
    public static final String TOKEN_STATES = "token_states";

    private static final String P = "annotator_";

    private EncoderGraphs() {
    }

    /**
     * Picks the token-level hidden-state output: the named one, else the first output of rank 3.
     *
     * @param encoder the encoder model
     * @param requested a name, or null for the first rank-3 output
     * @return the output's name
     * @throws NonRetriableAnnotatorException when there is no such output
     */
    public static String hiddenStateOutput(OnnxMl.ModelProto encoder, String requested) {
        List<String> names = new ArrayList<>();
        for (ValueInfoProto o : encoder.getGraph().getOutputList()) {
            names.add(o.getName());
            if (requested == null ? o.getType().getTensorType().getShape().getDimCount() == 3 : o.getName().equals(requested)) {
                return o.getName();
            }
        }
        throw new NonRetriableAnnotatorException(requested == null
                ? "encoder has no rank-3 output (token hidden states [batch, tokens, dim]); outputs: " + names
                : "encoder has no output '" + requested + "'; outputs: " + names);
    }

    /**
     * @param encoder the encoder model
     * @return the input names of the encoder graph (initializers excluded)
     */
    public static List<String> inputs(OnnxMl.ModelProto encoder) {
        java.util.Set<String> init = new java.util.HashSet<>();
        for (TensorProto t : encoder.getGraph().getInitializerList()) {
            init.add(t.getName());
        }
        List<String> out = new ArrayList<>();
        for (ValueInfoProto i : encoder.getGraph().getInputList()) {
            if (!init.contains(i.getName())) {
                out.add(i.getName());
            }
        }
        if (!out.contains(INPUT_IDS) || !out.contains(ATTENTION_MASK)) {
            throw new NonRetriableAnnotatorException("encoder must take inputs '" + INPUT_IDS + "' and '" + ATTENTION_MASK
                    + "'; it takes " + out);
        }
        return out;
    }

    /**
     * The encoder with masked mean pooling (and L2 normalisation) appended; its only output is
     * {@value #EMBEDDING}, float {@code [batch, dim]}.
     *
     * @param encoder the encoder model
     * @param hiddenOutput the token hidden-state output to pool
     * @param normalize whether to L2-normalise
     * @param perTextQuantization whether to rewrite dynamic quantization per text ({@link PerTextQuantization})
     * @return a graph builder, for more nodes to be appended, with the encoder's metadata removed
     */
    public static OnnxMl.ModelProto.Builder pooled(OnnxMl.ModelProto encoder, String hiddenOutput, boolean normalize,
            boolean perTextQuantization) {
        long opset = defaultOpset(encoder);
        OnnxMl.ModelProto.Builder m = withoutOutputs(encoder, perTextQuantization, opset);
        OnnxMl.GraphProto.Builder g = m.getGraphBuilder();
        g.addNode(cast(ATTENTION_MASK, P + "mask"));
        String mean = normalize ? P + "mean" : EMBEDDING;
        maskedMean(g, opset, hiddenOutput, P + "mask", P, mean);
        if (normalize) {
            g.addInitializer(OnnxGraphs.floatTensor(P + "norm_eps", new float[] {1e-12f}, 1));
            g.addNode(OnnxGraphs.node("Mul", new String[] {mean, mean}, P + "squares"));
            reduceSum(g, opset, P + "squares", P + "sum_squares", true);
            g.addNode(OnnxGraphs.node("Sqrt", new String[] {P + "sum_squares"}, P + "norm"));
            g.addNode(OnnxGraphs.node("Max", new String[] {P + "norm", P + "norm_eps"}, P + "norm_pos"));
            g.addNode(OnnxGraphs.node("Div", new String[] {mean, P + "norm_pos"}, EMBEDDING));
        }
        g.addOutput(OnnxGraphs.tensorInfo(EMBEDDING, TensorProto.DataType.FLOAT, "batch", "dim"));
        return m;
    }

    /**
     * The token hidden-state output a model from {@link #pooled} pools.
     *
     * @param pooled a model from {@link #pooled}
     * @return the name of the {@code [batch, tokens, dim]} tensor the pooling reads
     * @throws NonRetriableAnnotatorException when the model was not built by {@link #pooled}
     */
    public static String pooledHiddenStates(OnnxMl.ModelProto pooled) {
        for (NodeProto n : pooled.getGraph().getNodeList()) {
            if (n.getOutputCount() == 1 && n.getOutput(0).equals(P + "masked")) {
                return n.getInput(0);
            }
        }
        throw new NonRetriableAnnotatorException("model has no masked pooling node; was it built by EncoderGraphs.pooled?");
    }

    /**
     * Appends a masked mean of the token hidden states under an extra mask input ({@code [batch,
     * tokens]} float, 1 for the tokens to average): {@code sum(hidden * mask) / max(sum(mask), 1e-9)},
     * float {@code [batch, dim]}. The mask becomes a graph input; outputs are left unchanged.
     *
     * @param model a model from {@link #pooled}
     * @param hiddenOutput the token hidden states, e.g. from {@link #pooledHiddenStates}
     * @param maskInput name of the new mask input
     * @param output name of the pooled tensor
     */
    public static void appendMaskedMean(OnnxMl.ModelProto.Builder model, String hiddenOutput, String maskInput, String output) {
        OnnxMl.GraphProto.Builder g = model.getGraphBuilder();
        g.addInput(OnnxGraphs.tensorInfo(maskInput, TensorProto.DataType.FLOAT, "batch", "sequence"));
        maskedMean(g, defaultOpset(model), hiddenOutput, maskInput, P + maskInput + "_", output);
    }

    /**
     * {@code output = sum(hidden * mask) / max(sum(mask), 1e-9)} over the token axis, with a float
     * {@code [batch, tokens]} mask; every new name starts with {@code prefix}.
     */
    private static void maskedMean(OnnxMl.GraphProto.Builder g, long opset, String hidden, String mask, String prefix,
            String output) {
        g.addInitializer(OnnxGraphs.longTensor(prefix + "col_shape", new long[] {0, -1, 1}, 3));
        g.addInitializer(OnnxGraphs.floatTensor(prefix + "count_eps", new float[] {1e-9f}, 1));
        g.addNode(OnnxGraphs.node("Reshape", new String[] {mask, prefix + "col_shape"}, prefix + "mask3"));
        g.addNode(OnnxGraphs.node("Mul", new String[] {hidden, prefix + "mask3"}, prefix + "masked"));
        reduceSum(g, opset, prefix + "masked", prefix + "summed", false);
        reduceSum(g, opset, mask, prefix + "count", true);
        g.addNode(OnnxGraphs.node("Max", new String[] {prefix + "count", prefix + "count_eps"}, prefix + "count_pos"));
        g.addNode(OnnxGraphs.node("Div", new String[] {prefix + "summed", prefix + "count_pos"}, output));
    }

    /** The encoder without metadata or outputs, its quantization rewritten per text when asked. */
    private static OnnxMl.ModelProto.Builder withoutOutputs(OnnxMl.ModelProto encoder, boolean perTextQuantization, long opset) {
        OnnxMl.ModelProto.Builder m = encoder.toBuilder().clearMetadataProps();
        if (perTextQuantization) {
            PerTextQuantization.rewrite(m, opset);
        }
        m.getGraphBuilder().clearOutput();
        return m;
    }

    /**
     * Appends a head on {@value #EMBEDDING}: {@code [MatMul W1 + b1, Relu,] MatMul W + b = logits},
     * then softmax or sigmoid, and makes {@code probabilities} and {@code logits} the outputs.
     *
     * @param model a model from {@link #pooled}
     * @param hidden hidden layer {@code {w1 (dim x units), b1}}, or null for none
     * @param w output weights, row-major {@code in x labels}
     * @param b output bias
     * @param labels number of labels
     * @param multiLabel sigmoid (true) or softmax
     * @param probabilities output name of the probabilities
     * @param logits output name of the logits
     */
    public static void appendHead(OnnxMl.ModelProto.Builder model, float[][] hidden, float[] w, float[] b, int labels,
            boolean multiLabel, String probabilities, String logits) {
        appendHead(model, EMBEDDING, hidden, w, b, labels, multiLabel, probabilities, logits);
    }

    /**
     * Appends a head like {@link #appendHead(OnnxMl.ModelProto.Builder, float[][], float[], float[], int, boolean, String, String)}
     * on any {@code [batch, features]} float tensor of the graph.
     *
     * @param model the model
     * @param input the tensor the head reads
     * @param hidden hidden layer {@code {w1 (features x units), b1}}, or null for none
     * @param w output weights, row-major {@code in x labels}
     * @param b output bias
     * @param labels number of labels
     * @param multiLabel sigmoid (true) or softmax
     * @param probabilities output name of the probabilities
     * @param logits output name of the logits
     */
    public static void appendHead(OnnxMl.ModelProto.Builder model, String input, float[][] hidden, float[] w, float[] b,
            int labels, boolean multiLabel, String probabilities, String logits) {
        OnnxMl.GraphProto.Builder g = model.getGraphBuilder();
        g.clearOutput();
        String in = input;
        if (hidden != null) {
            int units = hidden[1].length;
            g.addInitializer(OnnxGraphs.floatTensor(P + "w1", hidden[0], hidden[0].length / units, units));
            g.addInitializer(OnnxGraphs.floatTensor(P + "b1", hidden[1], units));
            g.addNode(OnnxGraphs.node("MatMul", new String[] {in, P + "w1"}, P + "h_lin"));
            g.addNode(OnnxGraphs.node("Add", new String[] {P + "h_lin", P + "b1"}, P + "h_pre"));
            g.addNode(OnnxGraphs.node("Relu", new String[] {P + "h_pre"}, P + "hidden"));
            in = P + "hidden";
        }
        g.addInitializer(OnnxGraphs.floatTensor(P + "w", w, w.length / labels, labels));
        g.addInitializer(OnnxGraphs.floatTensor(P + "b", b, labels));
        g.addNode(OnnxGraphs.node("MatMul", new String[] {in, P + "w"}, P + "z"));
        g.addNode(OnnxGraphs.node("Add", new String[] {P + "z", P + "b"}, logits));
        if (multiLabel) {
            g.addNode(OnnxGraphs.node("Sigmoid", new String[] {logits}, probabilities));
        } else {
            g.addNode(OnnxGraphs.node("Softmax", new String[] {logits}, probabilities, OnnxGraphs.intAttr("axis", 1)));
        }
        g.addOutput(OnnxGraphs.tensorInfo(probabilities, TensorProto.DataType.FLOAT, "batch", labels));
        g.addOutput(OnnxGraphs.tensorInfo(logits, TensorProto.DataType.FLOAT, "batch", labels));
    }

    /**
     * The encoder with its token hidden states as the only output, renamed {@value #TOKEN_STATES}
     * (float {@code [batch, tokens, dim]}): what a token-level head reads.
     *
     * @param encoder the encoder model
     * @param hiddenOutput the token hidden-state output
     * @param perTextQuantization whether to rewrite dynamic quantization per text ({@link PerTextQuantization})
     * @return a graph builder, for more nodes to be appended, with the encoder's metadata removed
     */
    public static OnnxMl.ModelProto.Builder tokenStates(OnnxMl.ModelProto encoder, String hiddenOutput,
            boolean perTextQuantization) {
        OnnxMl.ModelProto.Builder m = withoutOutputs(encoder, perTextQuantization, defaultOpset(encoder));
        OnnxMl.GraphProto.Builder g = m.getGraphBuilder();
        g.addNode(OnnxGraphs.node("Identity", new String[] {hiddenOutput}, TOKEN_STATES));
        g.addOutput(OnnxGraphs.tensorInfo(TOKEN_STATES, TensorProto.DataType.FLOAT, "batch", "tokens", "dim"));
        return m;
    }

    /**
     * Appends a per-token linear softmax head on {@value #TOKEN_STATES}: {@code MatMul W + b = logits}
     * and {@code Softmax} over the last axis, and makes {@code probabilities} and {@code logits}
     * (float {@code [batch, tokens, tags]}) the outputs.
     *
     * @param model a model from {@link #tokenStates}
     * @param w weights, row-major {@code dim x tags}
     * @param b bias, one per tag
     * @param probabilities output name of the probabilities
     * @param logits output name of the logits
     */
    public static void appendTokenHead(OnnxMl.ModelProto.Builder model, float[] w, float[] b, String probabilities,
            String logits) {
        int tags = b.length;
        OnnxMl.GraphProto.Builder g = model.getGraphBuilder();
        g.clearOutput();
        g.addInitializer(OnnxGraphs.floatTensor(P + "token_w", w, w.length / tags, tags));
        g.addInitializer(OnnxGraphs.floatTensor(P + "token_b", b, tags));
        g.addNode(OnnxGraphs.node("MatMul", new String[] {TOKEN_STATES, P + "token_w"}, P + "token_z"));
        g.addNode(OnnxGraphs.node("Add", new String[] {P + "token_z", P + "token_b"}, logits));
        // axis 2 is the last axis: the same softmax before opset 13 (coerced to 2-D) and from 13 on
        g.addNode(OnnxGraphs.node("Softmax", new String[] {logits}, probabilities, OnnxGraphs.intAttr("axis", 2)));
        g.addOutput(OnnxGraphs.tensorInfo(probabilities, TensorProto.DataType.FLOAT, "batch", "tokens", tags));
        g.addOutput(OnnxGraphs.tensorInfo(logits, TensorProto.DataType.FLOAT, "batch", "tokens", tags));
    }

    /**
     * @param m a model
     * @return its default-domain opset version
     */
    public static long defaultOpset(OnnxMl.ModelProtoOrBuilder m) {
        for (OnnxMl.OperatorSetIdProto o : m.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                return o.getVersion();
            }
        }
        throw new NonRetriableAnnotatorException("encoder model imports no default-domain opset");
    }

    /**
     * @param m a model
     * @return whether it quantizes activations dynamically (one scale per tensor), so that texts
     *     batched together influence each other
     */
    public static boolean isDynamicallyQuantized(OnnxMl.ModelProto m) {
        for (NodeProto n : m.getGraph().getNodeList()) {
            if (n.getOpType().equals("DynamicQuantizeLinear") || n.getOpType().equals("DynamicQuantizeMatMul")) {
                return true;
            }
        }
        return false;
    }

    private static NodeProto cast(String in, String out) {
        return OnnxGraphs.node("Cast", new String[] {in}, out,
                OnnxGraphs.intAttr("to", TensorProto.DataType.FLOAT.getNumber()));
    }

    /** Sum over axis 1: the axes are an attribute before opset 13 and an input from 13 on. */
    private static void reduceSum(OnnxMl.GraphProto.Builder g, long opset, String in, String out, boolean keepDims) {
        if (opset >= 13) {
            String axes = out + "_axes";
            g.addInitializer(OnnxGraphs.longTensor(axes, new long[] {1}, 1));
            g.addNode(OnnxGraphs.node("ReduceSum", new String[] {in, axes}, out, OnnxGraphs.intAttr("keepdims", keepDims ? 1 : 0)));
        } else {
            g.addNode(OnnxGraphs.node("ReduceSum", new String[] {in}, out, OnnxGraphs.intAttr("keepdims", keepDims ? 1 : 0),
                    OnnxMl.AttributeProto.newBuilder().setName("axes").setType(OnnxMl.AttributeProto.AttributeType.INTS)
                            .addInts(1).build()));
        }
    }
}
