/**
 * LLM annotators on any langchain4j {@code ChatModel}. {@link dev.annotator.llm.LlmAnnotator} asks the
 * model well (prompts from the task, demonstrations, JSON-schema answers validated and re-asked,
 * confidence from log-probabilities or self-consistency), never pays twice (request keys looked up in
 * an {@link dev.annotator.core.store.AnnotationStore} before calling, answers stored before use), and
 * survives faults (budgets, concurrency, rate limit, retries honouring {@code Retry-After}).
 * {@link dev.annotator.llm.OpenAiCompatible} builds a suitable model for any OpenAI-compatible
 * endpoint. Prompts live in {@code prompt}, cost control in {@code cost}, HTTP plumbing in
 * {@code http}; {@code internal} is not API.
 * The {@code store} package holds the SQLite annotation store and {@code embed} the langchain4j
 * embedding adapter.
 */
package dev.annotator.llm;
