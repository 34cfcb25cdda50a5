/**
 * Implementation details of the LLM components: request keys, the stored form of responses, the
 * shared store-first, budgeted and retried call path ({@link dev.annotator.llm.internal.ModelCalls},
 * used by the annotator and the data incubator), answer parsing and validation, log-probability
 * scoring, rate limiting and error classification. Not API: anything here may change without notice.
 */
package dev.annotator.llm.internal;
