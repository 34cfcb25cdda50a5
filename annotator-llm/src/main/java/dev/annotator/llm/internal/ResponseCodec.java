package dev.annotator.llm.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.annotator.core.NonRetriableAnnotatorException;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.LogProb;
import dev.langchain4j.model.openai.OpenAiChatResponseMetadata;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of a model answer: JSON {@code {"text", "finishReason", "inputTokens",
 * "outputTokens", "logprobs": [{"t", "p", "top": [...]}]}}, enough to rebuild the annotation from the
 * store without calling again.
 */
public final class ResponseCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResponseCodec() {
    }

    /**
     * @param response a langchain4j response
     * @return its raw answer, with OpenAI log-probabilities when present
     */
    public static RawAnswer fromResponse(ChatResponse response) {
        String text = response.aiMessage() == null ? "" : response.aiMessage().text();
        TokenUsage u = response.tokenUsage();
        long in = u == null || u.inputTokenCount() == null ? -1 : u.inputTokenCount();
        long out = u == null || u.outputTokenCount() == null ? -1 : u.outputTokenCount();
        List<RawAnswer.TokenLogprob> lps = new ArrayList<>();
        if (response.metadata() instanceof OpenAiChatResponseMetadata m && m.logProbs() != null) {
            for (LogProb lp : m.logProbs()) {
                lps.add(convert(lp));
            }
        }
        return new RawAnswer(text, response.finishReason() == null ? "" : response.finishReason().name(), in, out, lps);
    }

    private static RawAnswer.TokenLogprob convert(LogProb lp) {
        List<RawAnswer.TokenLogprob> top = new ArrayList<>();
        if (lp.topLogprobs() != null) {
            for (LogProb t : lp.topLogprobs()) {
                top.add(new RawAnswer.TokenLogprob(t.token(), t.logprob() == null ? Double.NEGATIVE_INFINITY : t.logprob(),
                        List.of()));
            }
        }
        return new RawAnswer.TokenLogprob(lp.token() == null ? "" : lp.token(),
                lp.logprob() == null ? Double.NEGATIVE_INFINITY : lp.logprob(), top);
    }

    /**
     * @param answer a raw answer
     * @return its stored JSON form
     */
    public static String encode(RawAnswer answer) {
        ObjectNode root = JSON.createObjectNode();
        root.put("text", answer.text());
        root.put("finishReason", answer.finishReason());
        root.put("inputTokens", answer.inputTokens());
        root.put("outputTokens", answer.outputTokens());
        ArrayNode lps = root.putArray("logprobs");
        for (RawAnswer.TokenLogprob t : answer.logprobs()) {
            ObjectNode n = lps.addObject().put("t", t.token()).put("p", t.logprob());
            ArrayNode top = n.putArray("top");
            for (RawAnswer.TokenLogprob a : t.top()) {
                top.addObject().put("t", a.token()).put("p", a.logprob());
            }
        }
        return root.toString();
    }

    /**
     * @param stored JSON written by {@link #encode}
     * @return the raw answer
     * @throws NonRetriableAnnotatorException when the stored text is not in this form
     */
    public static RawAnswer decode(String stored) {
        try {
            JsonNode root = JSON.readTree(stored);
            if (root == null || !root.isObject() || !root.has("text")) {
                throw new NonRetriableAnnotatorException("stored response is not in the annotator's format: "
                        + abbreviate(stored));
            }
            List<RawAnswer.TokenLogprob> lps = new ArrayList<>();
            for (JsonNode n : root.path("logprobs")) {
                List<RawAnswer.TokenLogprob> top = new ArrayList<>();
                for (JsonNode a : n.path("top")) {
                    top.add(new RawAnswer.TokenLogprob(a.path("t").asText(), logprob(a.path("p")), List.of()));
                }
                lps.add(new RawAnswer.TokenLogprob(n.path("t").asText(), logprob(n.path("p")), top));
            }
            return new RawAnswer(root.path("text").asText(""), root.path("finishReason").asText(""),
                    root.path("inputTokens").asLong(-1), root.path("outputTokens").asLong(-1), lps);
        } catch (JsonProcessingException e) {
            throw new NonRetriableAnnotatorException("stored response is not valid JSON: " + abbreviate(stored), e);
        }
    }

    private static double logprob(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NEGATIVE_INFINITY;
    }

    /**
     * @param s a string
     * @return at most its first 200 characters
     */
    public static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
