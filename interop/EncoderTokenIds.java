import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Tokenizes texts for an encoder student the way the library does (the model directory's
 * student-tokenizer.json, special tokens added, no padding, truncation at annotator.encoder.maxLength),
 * so that check-encoder-student.mjs can feed the same token ids to ONNX Runtime for Node.
 *
 *   java -cp annotator-examples/target/annotator-examples-0.1.0-SNAPSHOT-cli.jar interop/EncoderTokenIds.java \
 *        MODEL_DIR TEXTS.jsonl OUT.jsonl
 */
public class EncoderTokenIds {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Map<String, String> meta;
        try (OrtSession s = OrtEnvironment.getEnvironment().createSession(dir.resolve("student.onnx").toString())) {
            meta = s.getMetadata().getCustomMetadata();
        }
        String maxLength = meta.get("annotator.encoder.maxLength");
        Path tokenizerFile = dir.resolve(meta.get("annotator.encoder.tokenizer"));
        Map<String, String> options = Map.of("padding", "false", "truncation", "true", "maxLength", maxLength,
                "addSpecialTokens", "true");
        ObjectMapper om = new ObjectMapper();
        try (HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance(tokenizerFile, options);
                BufferedWriter w = Files.newBufferedWriter(Path.of(args[2]))) {
            List<String> lines = Files.readAllLines(Path.of(args[1]));
            for (String line : lines) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode in = om.readTree(line);
                Encoding e = tok.encode(in.get("text").asText());
                ObjectNode out = om.createObjectNode();
                out.put("id", in.get("id").asText());
                out.set("input_ids", om.valueToTree(e.getIds()));
                out.set("attention_mask", om.valueToTree(e.getAttentionMask()));
                out.set("token_type_ids", om.valueToTree(e.getTypeIds()));
                w.write(om.writeValueAsString(out));
                w.newLine();
            }
        }
    }
}
