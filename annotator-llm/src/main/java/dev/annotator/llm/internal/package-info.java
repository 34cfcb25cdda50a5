/**
 * Implementation details of the LLM annotator: request keys, the stored form of responses, answer
 * parsing and validation, log-probability scoring, rate limiting and error classification. Not API:
 * anything here may change without notice.
 */
package dev.annotator.llm.internal;
