package dev.annotator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server on 127.0.0.1 (random port) speaking the OpenAI chat-completions wire format, for
 * tests, crash tests and benchmarks driven through langchain4j's {@code OpenAiChatModel} with
 * {@link #baseUrl()}.
 *
 * <p>How it answers each {@code POST /v1/chat/completions}, in order:
 * <ol>
 *   <li>the next reply {@linkplain #enqueue queued} for every request, if any;</li>
 *   <li>the first {@linkplain #script scripted} rule whose function returns a reply for the request;</li>
 *   <li>the first {@linkplain #whenPromptContains prompt-text rule} whose fragment occurs in the first
 *       user message;</li>
 *   <li>with the probability given to {@link #faults}, an injected {@link Fault} (429 with
 *       {@code Retry-After}, 500, a dropped connection, a reply slower than the client's timeout, broken
 *       JSON, or a label outside the task), chosen by a seeded random;</li>
 *   <li>the classifier: a deterministic answer to the classification prompt, for each text asked about:
 *       the {@linkplain #labeller labeller function}'s label if it gives one, else the label of the first
 *       {@linkplain #keyword keyword} found in the text (case-insensitive), else the
 *       {@linkplain #defaultLabel default label}; JSON in the single, multi-label or batched form the
 *       prompt asks for, with token log-probabilities when the request asks for them.</li>
 * </ol>
 * Every request is logged ({@link #requests()}) with its body and the texts it asks about, before
 * the reply is sent; every 200 reply reports token usage ({@link #usage(long, long)}) and the server
 * sums it ({@link #promptTokens()}, {@link #completionTokens()}). A {@link #latency} is added to every
 * reply. Unless already set, the first server sets the JDK system property
 * {@code sun.net.httpserver.nodelay=true} so that small replies are not delayed by Nagle's algorithm.
 * In JUnit 5 tests, {@link FakeOpenAiServerExtension} starts and stops one per test or per
 * class. Thread-safe; {@link #close()} stops it.
 */
public final class FakeOpenAiServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NODELAY = "sun.net.httpserver.nodelay";
    private static final Pattern TEXT = Pattern.compile("(?s)<text id=\"([^\"]+)\">\\n(.*?)\\n</text>");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-openai");
        t.setDaemon(true);
        return t;
    });
    private final List<LoggedRequest> log = Collections.synchronizedList(new ArrayList<>());
    private final ConcurrentLinkedQueue<Reply> queue = new ConcurrentLinkedQueue<>();
    private final List<Function<Request, Reply>> scripts = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> keywords = Collections.synchronizedMap(new LinkedHashMap<>());
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger counter = new AtomicInteger();
    private volatile String defaultLabel;
    private volatile Duration latency = Duration.ZERO;
    private volatile double faultRate;
    private volatile Random faults = new Random(0);
    private volatile double chosenProbability = 0.9;
    private volatile List<Fault> faultKinds = List.of(Fault.RATE_LIMIT, Fault.SERVER_ERROR, Fault.DROP);
    private volatile Duration timeoutDelay = Duration.ofSeconds(5);
    private volatile Function<String, String> labeller = t -> null;
    private volatile long fixedPromptTokens = -1;
    private volatile long fixedCompletionTokens = -1;
    private final AtomicLong promptTokens = new AtomicLong();
    private final AtomicLong completionTokens = new AtomicLong();

    /** A fault the server can inject instead of the classifier's answer. */
    public enum Fault {
        /** HTTP 429 with {@code Retry-After: 1} and {@code retry-after-ms: 20}. */
        RATE_LIMIT,
        /** HTTP 500 with an OpenAI error body. */
        SERVER_ERROR,
        /** The connection is closed without any response. */
        DROP,
        /** The classifier's answer, sent only after {@link #timeoutDelay(Duration)}: set the client's timeout below it. */
        TIMEOUT,
        /** A 200 whose content is truncated, unparseable JSON. */
        BROKEN_JSON,
        /** A 200 whose JSON names a label that is not one of the task's ({@code "not-a-label"}). */
        OUT_OF_SET_LABEL
    }

    /** The label {@link Fault#OUT_OF_SET_LABEL} answers. */
    public static final String OUT_OF_SET_LABEL = "not-a-label";

    /** Starts a server on 127.0.0.1 on a free port. */
    public FakeOpenAiServer() {
        this(0);
    }

    /**
     * Starts a server on 127.0.0.1.
     *
     * @param port the port; 0 for a free one
     */
    public FakeOpenAiServer(int port) {
        // without TCP_NODELAY every small reply waits ~40 ms for a delayed ACK (Nagle); read once by the JDK
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("starting the fake OpenAI server", e);
        }
        server.createContext("/v1/chat/completions", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** @return the base URL to give {@code OpenAiChatModel.builder().baseUrl(...)} */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /**
     * Runs the server until killed, for manual tests of the command line:
     * {@code [--port N] [--latency-ms N] [--fault-rate R] [--seed N] [--default LABEL] [--keyword WORD=LABEL]...}.
     * Prints the base URL.
     *
     * @param args the options
     * @throws InterruptedException never, in practice
     */
    public static void main(String[] args) throws InterruptedException {
        int port = 0;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--port")) {
                port = Integer.parseInt(args[i + 1]);
            }
        }
        FakeOpenAiServer s = new FakeOpenAiServer(port);
        long seed = 0;
        double rate = 0;
        for (int i = 0; i < args.length - 1; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--port" -> {
                }
                case "--latency-ms" -> s.latency(Duration.ofMillis(Long.parseLong(v)));
                case "--fault-rate" -> rate = Double.parseDouble(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--default" -> s.defaultLabel(v);
                case "--keyword" -> s.keyword(v.substring(0, v.indexOf('=')), v.substring(v.indexOf('=') + 1));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        s.faultRate(rate, seed);
        System.out.println(s.baseUrl());
        Thread.currentThread().join();
    }

    // ------------------------------------------------------------------------------ configuration

    /**
     * Classifier rule: texts containing {@code word} (case-insensitive) get {@code label}. Rules are
     * tried in the order added.
     *
     * @param word the keyword
     * @param label the label to answer
     * @return this server
     */
    public FakeOpenAiServer keyword(String word, String label) {
        keywords.put(word.toLowerCase(Locale.ROOT), label);
        return this;
    }

    /**
     * @param label the label for texts no keyword matches (single-label prompts); null for "no label"
     *     in multi-label prompts
     * @return this server
     */
    public FakeOpenAiServer defaultLabel(String label) {
        this.defaultLabel = label;
        return this;
    }

    /**
     * @param p the probability the classifier's log-probabilities give its chosen label; the rest is
     *     shared by the other labels
     * @return this server
     */
    public FakeOpenAiServer chosenProbability(double p) {
        this.chosenProbability = p;
        return this;
    }

    /**
     * @param latency added before every reply
     * @return this server
     */
    public FakeOpenAiServer latency(Duration latency) {
        this.latency = latency;
        return this;
    }

    /**
     * @param rate probability that a classifier answer is replaced by a fault (429, 500 or dropped
     *     connection, equally likely)
     * @param seed seed of the fault draws
     * @return this server
     */
    public FakeOpenAiServer faultRate(double rate, long seed) {
        return faults(rate, seed, Fault.RATE_LIMIT, Fault.SERVER_ERROR, Fault.DROP);
    }

    /**
     * Injects faults: each request the classifier would answer gets, with probability {@code rate}, one
     * of {@code kinds} instead (equally likely), drawn from a random seeded with {@code seed}; the same
     * seed and the same sequence of requests give the same faults.
     *
     * @param rate the fault probability, in [0, 1]
     * @param seed seed of the fault draws
     * @param kinds the faults to choose from; at least one
     * @return this server
     * @throws IllegalArgumentException when the rate is outside [0, 1] or no kind is given
     */
    public FakeOpenAiServer faults(double rate, long seed, Fault... kinds) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("fault rate must be in [0, 1]: " + rate);
        }
        if (kinds.length == 0) {
            throw new IllegalArgumentException("faults need at least one kind");
        }
        synchronized (this) {
            this.faultKinds = List.of(kinds);
            this.faults = new Random(seed);
            this.faultRate = rate;
        }
        return this;
    }

    /**
     * @param delay how long a {@link Fault#TIMEOUT} reply waits before it is sent; default 5 seconds
     * @return this server
     */
    public FakeOpenAiServer timeoutDelay(Duration delay) {
        this.timeoutDelay = delay;
        return this;
    }

    /**
     * Adds a rule: a request whose first user message contains {@code fragment} gets {@code reply}.
     * Rules (this and {@link #script}) are tried in the order added.
     *
     * @param fragment text to look for in the prompt, case-sensitive
     * @param reply what to send
     * @return this server
     */
    public FakeOpenAiServer whenPromptContains(String fragment, Reply reply) {
        return script(r -> r.userMessage().contains(fragment) ? reply : null);
    }

    /**
     * Adds a rule: a request whose first user message contains {@code fragment} gets a 200 with
     * {@code content} as the assistant's answer.
     *
     * @param fragment text to look for in the prompt, case-sensitive
     * @param content the assistant's answer, e.g. {@code {"label":"spam"}}
     * @return this server
     */
    public FakeOpenAiServer whenPromptContains(String fragment, String content) {
        return whenPromptContains(fragment, Reply.content(content));
    }

    /**
     * Sets the classifier's first rule: a function from a text asked about to its label, or null to fall
     * through to the keywords and the default label. For multi-label prompts a non-null answer is the
     * only label.
     *
     * @param labelForText the function; must be thread-safe
     * @return this server
     */
    public FakeOpenAiServer labeller(Function<String, String> labelForText) {
        this.labeller = Objects.requireNonNull(labelForText, "labelForText");
        return this;
    }

    /**
     * Fixes the token usage reported by every 200 reply; by default it is estimated as a quarter of the
     * characters of the request body and of the answer.
     *
     * @param promptTokens prompt tokens per reply, at least 0
     * @param completionTokens completion tokens per reply, at least 0
     * @return this server
     */
    public FakeOpenAiServer usage(long promptTokens, long completionTokens) {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("token usage must not be negative: " + promptTokens + ", " + completionTokens);
        }
        this.fixedPromptTokens = promptTokens;
        this.fixedCompletionTokens = completionTokens;
        return this;
    }

    /** @return the prompt tokens reported by every reply sent so far */
    public long promptTokens() {
        return promptTokens.get();
    }

    /** @return the completion tokens reported by every reply sent so far */
    public long completionTokens() {
        return completionTokens.get();
    }

    /**
     * Queues replies for the next requests, whatever they ask.
     *
     * @param replies the replies, in order
     * @return this server
     */
    public FakeOpenAiServer enqueue(Reply... replies) {
        queue.addAll(List.of(replies));
        return this;
    }

    /**
     * Adds a rule: the function sees each request and returns a reply, or null to pass it on.
     *
     * @param rule the rule
     * @return this server
     */
    public FakeOpenAiServer script(Function<Request, Reply> rule) {
        scripts.add(rule);
        return this;
    }

    // ----------------------------------------------------------------------------------- the log

    /** @return every request received so far, in arrival order */
    public List<LoggedRequest> requests() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** @return how many requests were received */
    public int requestCount() {
        return log.size();
    }

    /** @return the most requests that were being handled at the same time */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** @return every text asked about, once per request that asked about it */
    public List<String> textsAsked() {
        List<String> out = new ArrayList<>();
        for (LoggedRequest r : requests()) {
            out.addAll(r.request().texts().values());
        }
        return out;
    }

    /** Forgets the log (not the configuration). */
    public void clearLog() {
        log.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------------------------ types

    /**
     * A received request.
     *
     * @param body the raw JSON body
     * @param json the parsed body
     * @param texts the texts asked about (by prompt-local id), from the first user message
     * @param logprobs whether the request asked for log-probabilities
     * @param multiLabel whether the prompt asks for a {@code "labels"} array
     * @param labels the label names listed in the prompt, in order
     */
    public record Request(String body, JsonNode json, Map<String, String> texts, boolean logprobs, boolean multiLabel,
            List<String> labels) {

        /** @return the text of the first user message */
        public String userMessage() {
            for (JsonNode m : json.path("messages")) {
                if ("user".equals(m.path("role").asText())) {
                    return m.path("content").asText();
                }
            }
            return "";
        }

        /** @return the number of messages (more than 2 means a re-ask) */
        public int messageCount() {
            return json.path("messages").size();
        }
    }

    /**
     * A request with what the server did.
     *
     * @param request the request
     * @param reply the reply chosen
     * @param sequence 1 for the first request the server received
     */
    public record LoggedRequest(Request request, Reply reply, int sequence) {
    }

    /**
     * What the server replies.
     *
     * @param status HTTP status; 0 for a dropped connection
     * @param content the assistant content for a 200 (null for a message without content)
     * @param body a raw body for non-200 replies
     * @param headers extra response headers
     * @param delay extra delay before this reply
     * @param logprobs tokens with log-probabilities to return, or null
     */
    public record Reply(int status, String content, String body, Map<String, String> headers, Duration delay,
            List<Token> logprobs) {

        /**
         * @param content the assistant's answer text
         * @return a 200 with that content
         */
        public static Reply content(String content) {
            return new Reply(200, content, null, Map.of(), Duration.ZERO, null);
        }

        /**
         * @param content the assistant's answer text
         * @param tokens its tokens with log-probabilities
         * @return a 200 with content and log-probabilities
         */
        public static Reply content(String content, List<Token> tokens) {
            return new Reply(200, content, null, Map.of(), Duration.ZERO, tokens);
        }

        /**
         * @param retryAfterSeconds the {@code Retry-After} header value
         * @return a 429
         */
        public static Reply rateLimited(String retryAfterSeconds) {
            return new Reply(429, null, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit\"}}",
                    Map.of("Retry-After", retryAfterSeconds), Duration.ZERO, null);
        }

        /**
         * @param millis the {@code retry-after-ms} header value (OpenAI's); {@code Retry-After} gets the
         *     same delay rounded up to whole seconds
         * @return a 429
         */
        public static Reply rateLimitedMs(long millis) {
            return new Reply(429, null, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit\"}}",
                    Map.of("retry-after-ms", Long.toString(millis), "Retry-After", Long.toString((millis + 999) / 1000)),
                    Duration.ZERO, null);
        }

        /**
         * @param status an HTTP error status
         * @return that status with an OpenAI error body
         */
        public static Reply error(int status) {
            return new Reply(status, null, "{\"error\":{\"message\":\"injected error " + status + "\"}}", Map.of(),
                    Duration.ZERO, null);
        }

        /** @return a connection closed without any response */
        public static Reply drop() {
            return new Reply(0, null, null, Map.of(), Duration.ZERO, null);
        }

        /**
         * @param d extra delay
         * @return this reply, sent after {@code d}
         */
        public Reply after(Duration d) {
            return new Reply(status, content, body, headers, d, logprobs);
        }
    }

    /**
     * A generated token with its log-probability and alternatives.
     *
     * @param token the token text
     * @param logprob its log-probability
     * @param top alternatives (token to log-probability), in order
     */
    public record Token(String token, double logprob, Map<String, Double> top) {
    }

    // --------------------------------------------------------------------------------- handling

    private void handle(HttpExchange ex) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = parse(body);
            Reply reply = choose(request);
            log.add(new LoggedRequest(request, reply, counter.incrementAndGet()));
            long wait = latency.toMillis() + reply.delay().toMillis();
            if (wait > 0) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (reply.status() == 0) {
                ex.getResponseBody().close();
                ex.close();
                return;
            }
            String out = reply.status() == 200 ? completion(request, reply) : reply.body();
            byte[] bytes = out.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(bytes);
            }
        } catch (IOException | RuntimeException e) {
            ex.close();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private Request parse(String body) throws IOException {
        JsonNode json = JSON.readTree(body);
        String user = "";
        for (JsonNode m : json.path("messages")) {
            if ("user".equals(m.path("role").asText())) {
                user = m.path("content").asText();
                break;
            }
        }
        Map<String, String> texts = new LinkedHashMap<>();
        Matcher m = TEXT.matcher(user);
        while (m.find()) {
            if (!m.group(1).startsWith("example-")) {
                texts.put(m.group(1), m.group(2));
            }
        }
        List<String> labels = new ArrayList<>();
        Matcher lm = Pattern.compile("(?m)^- \"([^\"]+)\"").matcher(user);
        while (lm.find()) {
            labels.add(lm.group(1));
        }
        boolean multi = user.contains("\"labels\": [");
        return new Request(body, json, texts, json.path("logprobs").asBoolean(false), multi, labels);
    }

    private Reply choose(Request request) {
        Reply queued = queue.poll();
        if (queued != null) {
            return queued;
        }
        List<Function<Request, Reply>> rules;
        synchronized (scripts) {
            rules = List.copyOf(scripts);
        }
        for (Function<Request, Reply> rule : rules) {
            Reply r = rule.apply(request);
            if (r != null) {
                return r;
            }
        }
        if (faultRate > 0) {
            double draw;
            Fault kind;
            synchronized (this) {
                draw = faults.nextDouble();
                kind = faultKinds.get(faults.nextInt(faultKinds.size()));
            }
            if (draw < faultRate) {
                return fault(kind, request);
            }
        }
        return classify(request);
    }

    /**
     * The reply a fault sends for a request.
     *
     * @param fault the fault
     * @param request the request
     * @return the reply
     */
    public Reply fault(Fault fault, Request request) {
        return switch (fault) {
            case RATE_LIMIT -> Reply.rateLimitedMs(20);
            case SERVER_ERROR -> Reply.error(500);
            case DROP -> Reply.drop();
            case TIMEOUT -> classify(request).after(timeoutDelay);
            case BROKEN_JSON -> Reply.content("{\"label\": \"" + (request.labels().isEmpty() ? "" : request.labels().get(0)));
            case OUT_OF_SET_LABEL -> answer(request, t -> OUT_OF_SET_LABEL, false);
        };
    }

    /**
     * The classifier's answer to a request (what the server sends when nothing else is scripted).
     *
     * @param request a request
     * @return the reply
     */
    public Reply classify(Request request) {
        return answer(request, this::labelFor, true);
    }

    private Reply answer(Request request, Function<String, String> labelOf, boolean keywordsForMulti) {
        if (request.texts().isEmpty()) {
            return Reply.content("{}");
        }
        boolean batch = request.texts().size() > 1;
        ObjectNode root = JSON.createObjectNode();
        ArrayNode answers = batch ? root.putArray("answers") : null;
        for (Map.Entry<String, String> t : request.texts().entrySet()) {
            ObjectNode a = batch ? answers.addObject().put("id", t.getKey()) : root;
            if (request.multiLabel()) {
                ArrayNode ls = a.putArray("labels");
                String only = keywordsForMulti ? labeller.apply(t.getValue()) : labelOf.apply(t.getValue());
                if (only != null) {
                    ls.add(only);
                } else {
                    String lower = t.getValue().toLowerCase(Locale.ROOT);
                    keywordsSnapshot().forEach((k, v) -> {
                        if (lower.contains(k) && !contains(ls, v)) {
                            ls.add(v);
                        }
                    });
                }
            } else {
                a.put("label", labelOf.apply(t.getValue()));
            }
        }
        String content = root.toString();
        if (!request.logprobs() || request.multiLabel() || batch) {
            return Reply.content(content);
        }
        String label = root.get("label").asText();
        return Reply.content(content, tokens(label, request.labels()));
    }

    private List<Token> tokens(String label, List<String> labels) {
        double lpChosen = Math.log(chosenProbability);
        Map<String, Double> top = new LinkedHashMap<>();
        top.put(label, lpChosen);
        List<String> others = labels.stream().filter(l -> !l.equals(label)).toList();
        for (String o : others) {
            top.put(o, Math.log((1 - chosenProbability) / others.size()));
        }
        return List.of(new Token("{\"", -0.0001, Map.of()), new Token("label", -0.0001, Map.of()),
                new Token("\":\"", -0.0001, Map.of()), new Token(label, lpChosen, top), new Token("\"}", -0.0001, Map.of()));
    }

    private static boolean contains(ArrayNode a, String v) {
        for (JsonNode n : a) {
            if (n.asText().equals(v)) {
                return true;
            }
        }
        return false;
    }

    private Map<String, String> keywordsSnapshot() {
        synchronized (keywords) {
            return new LinkedHashMap<>(keywords);
        }
    }

    private String labelFor(String text) {
        String given = labeller.apply(text);
        if (given != null) {
            return given;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> k : keywordsSnapshot().entrySet()) {
            if (lower.contains(k.getKey())) {
                return k.getValue();
            }
        }
        return defaultLabel;
    }

    private String completion(Request request, Reply reply) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-" + counter.get());
        root.put("object", "chat.completion");
        root.put("created", 1_700_000_000L);
        root.put("model", request.json().path("model").asText("fake"));
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (reply.content() == null) {
            message.putNull("content");
        } else {
            message.put("content", reply.content());
        }
        if (reply.logprobs() != null) {
            ArrayNode content = choice.putObject("logprobs").putArray("content");
            for (Token t : reply.logprobs()) {
                ObjectNode n = content.addObject().put("token", t.token()).put("logprob", t.logprob());
                ArrayNode top = n.putArray("top_logprobs");
                t.top().forEach((tok, lp) -> top.addObject().put("token", tok).put("logprob", lp));
            }
        }
        choice.put("finish_reason", "stop");
        long in = fixedPromptTokens >= 0 ? fixedPromptTokens : Math.max(1, request.body().length() / 4);
        long out = fixedCompletionTokens >= 0 ? fixedCompletionTokens
                : reply.content() == null ? 0 : Math.max(1, reply.content().length() / 4);
        promptTokens.addAndGet(in);
        completionTokens.addAndGet(out);
        root.putObject("usage").put("prompt_tokens", in).put("completion_tokens", out).put("total_tokens", in + out);
        return root.toString();
    }
}
