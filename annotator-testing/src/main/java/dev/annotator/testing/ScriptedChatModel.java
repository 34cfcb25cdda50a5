package dev.annotator.testing;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * A {@link ChatModel} whose answers come from a script: queued answers first, then a function of the
 * request. Records every request. Thread-safe.
 */
public final class ScriptedChatModel implements ChatModel {
    private final ConcurrentLinkedQueue<Function<ChatRequest, String>> queue = new ConcurrentLinkedQueue<>();
    private final List<ChatRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private volatile Function<ChatRequest, String> fallback = r -> {
        throw new AssertionError("unscripted request: " + userText(r));
    };
    private volatile int inputTokens = 100;
    private volatile int outputTokens = 10;

    /**
     * @param answers answer texts for the next requests, in order
     * @return this model
     */
    public ScriptedChatModel answer(String... answers) {
        for (String a : answers) {
            queue.add(r -> a);
        }
        return this;
    }

    /**
     * @param failure thrown by the next request
     * @return this model
     */
    public ScriptedChatModel fail(RuntimeException failure) {
        queue.add(r -> {
            throw failure;
        });
        return this;
    }

    /**
     * @param f answers every request once the queue is empty
     * @return this model
     */
    public ScriptedChatModel otherwise(Function<ChatRequest, String> f) {
        this.fallback = f;
        return this;
    }

    /**
     * @param in input tokens reported per call
     * @param out output tokens reported per call
     * @return this model
     */
    public ScriptedChatModel usage(int in, int out) {
        this.inputTokens = in;
        this.outputTokens = out;
        return this;
    }

    /** @return every request received */
    public List<ChatRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        requests.add(request);
        Function<ChatRequest, String> f = queue.poll();
        String text = (f == null ? fallback : f).apply(request);
        return ChatResponse.builder().aiMessage(AiMessage.from(text)).tokenUsage(new TokenUsage(inputTokens, outputTokens))
                .finishReason(FinishReason.STOP).build();
    }

    /**
     * @param r a request
     * @return the text of its first user message
     */
    public static String userText(ChatRequest r) {
        for (ChatMessage m : r.messages()) {
            if (m instanceof UserMessage u) {
                return u.singleText();
            }
        }
        return "";
    }

    /**
     * @param r a request
     * @return the text of its system message
     */
    public static String systemText(ChatRequest r) {
        for (ChatMessage m : r.messages()) {
            if (m instanceof SystemMessage s) {
                return s.text();
            }
        }
        return "";
    }
}
