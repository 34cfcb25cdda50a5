/**
 * LLM annotators for span labelling (named entities) and relation classification, on the same
 * store-first, budgeted, retried call path as {@link dev.annotator.llm.LlmAnnotator}.
 */
package dev.annotator.llm.span;
