package dev.annotator.llm.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.annotator.core.internal.Digests;
import dev.annotator.llm.prompt.Prompt;
import dev.annotator.llm.prompt.PromptMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The request key: SHA-256 of a canonical JSON of everything that determines an answer (model name,
 * every prompt message, sampling and format parameters, sample index).
 */
public final class RequestKeys {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RequestKeys() {
    }

    /**
     * @param model the model name
     * @param prompt the prompt
     * @param parameters the parameters that shape the answer; sorted by name
     * @param sample the sample index (0 unless several samples are drawn for one prompt)
     * @return the canonical request JSON, which is also what the store keeps as the request
     */
    public static String canonicalRequest(String model, Prompt prompt, Map<String, Object> parameters, int sample) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        ArrayNode messages = root.putArray("messages");
        for (PromptMessage m : prompt.messages()) {
            messages.addObject().put("role", m.role().name().toLowerCase(java.util.Locale.ROOT)).put("text", m.text());
        }
        root.set("parameters", JSON.valueToTree(new TreeMap<>(parameters)));
        root.put("sample", sample);
        return root.toString();
    }

    /**
     * @param canonicalRequest the output of {@link #canonicalRequest}
     * @return its SHA-256, hex
     */
    public static String key(String canonicalRequest) {
        return Digests.hex(Digests.sha256().digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    }
}
