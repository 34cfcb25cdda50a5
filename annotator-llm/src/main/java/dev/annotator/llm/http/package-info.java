/**
 * HTTP plumbing for langchain4j providers. langchain4j's own JDK client turns an error status into an
 * {@code HttpException} that keeps only the status and body, so a 429's {@code Retry-After} header
 * is lost; {@link dev.annotator.llm.http.HeaderKeepingHttpClientBuilder} builds a client that keeps
 * the headers in an {@link dev.annotator.llm.http.HttpStatusException}, which the
 * {@link dev.annotator.llm.LlmAnnotator} reads to honour {@code Retry-After}.
 */
package dev.annotator.llm.http;
