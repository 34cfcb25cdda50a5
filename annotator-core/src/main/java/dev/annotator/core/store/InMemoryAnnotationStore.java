package dev.annotator.core.store;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link AnnotationStore} in memory, for tests and for runs where losing the answers on exit is
 * acceptable. Thread-safe.
 */
public final class InMemoryAnnotationStore implements AnnotationStore {
    private final Map<String, StoredResponse> responses = new ConcurrentHashMap<>();
    private final Map<List<String>, Annotation> annotations = new ConcurrentHashMap<>();

    /** Creates an empty store. */
    public InMemoryAnnotationStore() {
    }

    @Override
    public Optional<StoredResponse> findResponse(String key) {
        return Optional.ofNullable(responses.get(Objects.requireNonNull(key, "key")));
    }

    @Override
    public StoredResponse putResponse(StoredResponse response) {
        StoredResponse earlier = responses.putIfAbsent(response.key(), response);
        return earlier == null ? response : earlier;
    }

    @Override
    public void putAnnotation(Task task, Annotation annotation) {
        Objects.requireNonNull(annotation, "annotation");
        annotation.distribution().ifPresent(d -> {
            if (!d.task().name().equals(task.name())) {
                throw new IllegalArgumentException("annotation of task '" + d.task().name()
                        + "' stored under task '" + task.name() + "'");
            }
        });
        annotations.put(List.of(task.name(), annotation.exampleId(), annotation.source()), annotation);
    }

    @Override
    public List<Annotation> annotations(Task task) {
        List<Annotation> out = new ArrayList<>();
        annotations.forEach((k, v) -> {
            if (k.get(0).equals(task.name())) {
                out.add(v);
            }
        });
        out.sort(Comparator.comparing(Annotation::exampleId).thenComparing(Annotation::source));
        return out;
    }

    @Override
    public long responseCount() {
        return responses.size();
    }

    @Override
    public void close() {
    }
}
