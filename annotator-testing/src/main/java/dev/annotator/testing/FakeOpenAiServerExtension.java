package dev.annotator.testing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that runs a {@link FakeOpenAiServer} on 127.0.0.1 (a free port) for each test,
 * or once for a whole test class, and stops it afterwards.
 *
 * <p>Registered on an instance field, every test gets a fresh server, configured by the
 * {@link #configure configurers}:
 * <pre>{@code
 * @RegisterExtension
 * FakeOpenAiServerExtension openAi = FakeOpenAiServerExtension.create()
 *         .configure(s -> s.keyword("refund", "billing").defaultLabel("other"));
 *
 * @Test
 * void labels_refunds_as_billing() {
 *     ChatModel model = OpenAiChatModel.builder().baseUrl(openAi.baseUrl()).apiKey("test").modelName("fake").build();
 *     ...
 *     assertThat(openAi.server().requestCount()).isEqualTo(1);
 * }
 * }</pre>
 * Registered on a {@code static} field, or with {@code @ExtendWith(FakeOpenAiServerExtension.class)} on
 * the class, one server serves every test of the class (started before the first, stopped after the
 * last; a {@code @Nested} class gets its own). A test or lifecycle method may also declare a
 * {@link FakeOpenAiServer} parameter to receive the current server.
 *
 * <p>Not for tests running in parallel within one class when registered statically: they would share
 * the server's script and log.
 */
public final class FakeOpenAiServerExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FakeOpenAiServerExtension.class);
    private static final String KEY = "server";

    private final List<Consumer<FakeOpenAiServer>> configurers = new ArrayList<>();
    private final Deque<FakeOpenAiServer> running = new ArrayDeque<>();
    private volatile boolean perClass;

    /** An extension with no configuration: the server answers with its keyword classifier. Use {@link #create()}. */
    public FakeOpenAiServerExtension() {
    }

    /** @return a new extension; add configuration with {@link #configure} */
    public static FakeOpenAiServerExtension create() {
        return new FakeOpenAiServerExtension();
    }

    /**
     * Adds a step applied to every server the extension starts, before its test runs, e.g. keywords,
     * a default label, scripted replies or faults.
     *
     * @param configurer the step
     * @return this extension
     */
    public FakeOpenAiServerExtension configure(Consumer<FakeOpenAiServer> configurer) {
        configurers.add(Objects.requireNonNull(configurer, "configurer"));
        return this;
    }

    /**
     * @return the running server of the current test (or class)
     * @throws IllegalStateException outside a test
     */
    public FakeOpenAiServer server() {
        FakeOpenAiServer s;
        synchronized (running) {
            s = running.peek();
        }
        if (s == null) {
            throw new IllegalStateException("no fake OpenAI server is running: server() is only available while a test runs");
        }
        return s;
    }

    /**
     * @return the base URL of the running server, for {@code OpenAiChatModel.builder().baseUrl(...)}
     * @throws IllegalStateException outside a test
     */
    public String baseUrl() {
        return server().baseUrl();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        start(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop(context);
        synchronized (running) {
            perClass = !running.isEmpty();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            start(context);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop(context);
        }
    }

    private void start(ExtensionContext context) {
        FakeOpenAiServer server = new FakeOpenAiServer();
        try {
            configurers.forEach(c -> c.accept(server));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        context.getStore(NAMESPACE).put(KEY, server);
        synchronized (running) {
            running.push(server);
        }
    }

    private void stop(ExtensionContext context) {
        FakeOpenAiServer server = context.getStore(NAMESPACE).remove(KEY, FakeOpenAiServer.class);
        if (server != null) {
            synchronized (running) {
                running.remove(server);
            }
            server.close();
        }
    }

    /**
     * @param parameter the parameter
     * @param context the context
     * @return true for parameters of type {@link FakeOpenAiServer}
     */
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FakeOpenAiServer.class;
    }

    /**
     * @param parameter the parameter
     * @param context the context
     * @return the running server
     */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        FakeOpenAiServer server = context.getStore(NAMESPACE).get(KEY, FakeOpenAiServer.class);
        return server != null ? server : server();
    }
}
