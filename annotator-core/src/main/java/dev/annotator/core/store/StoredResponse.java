package dev.annotator.core.store;

import dev.annotator.core.annotate.Cost;
import java.time.Instant;
import java.util.Objects;

/**
 * One paid answer from a remote annotator, exactly as received, kept so that the same request is never
 * paid for twice.
 *
 * @param key the request key: a hash of everything that determines the answer (model, prompt,
 *     parameters); see {@link AnnotationStore}
 * @param model the model that answered, e.g. {@code gpt-4o-mini}
 * @param request the request as sent (for auditing; may be the prompt text or its JSON)
 * @param response the raw answer as received
 * @param cost what the call cost
 * @param createdAt when the answer was received
 */
public record StoredResponse(String key, String model, String request, String response, Cost cost, Instant createdAt) {
    /**
     * Validates that no field is null and the key is not blank.
     *
     * @param key the request key
     * @param model the model that answered
     * @param request the request as sent
     * @param response the raw answer
     * @param cost what the call cost
     * @param createdAt when the answer was received
     */
    public StoredResponse {
        Objects.requireNonNull(key, "key");
        if (key.isBlank()) {
            throw new IllegalArgumentException("key must not be blank");
        }
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
