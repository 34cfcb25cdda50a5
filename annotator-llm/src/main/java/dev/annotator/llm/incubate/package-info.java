/**
 * Incubator (Peng &amp; Shang 2024): a classifier's training data from an instruction alone.
 * {@link dev.annotator.llm.incubate.DataIncubator} asks a langchain4j chat model for one example of
 * every label per call, keeps the well-formed answers, and hands the candidates to core's
 * {@link dev.annotator.core.generate.Deduplicator} and
 * {@link dev.annotator.core.generate.SelfDiversifier}; it proposes labels from the instruction when
 * none are given ({@link dev.annotator.llm.incubate.TaskProposal}). Calls go through the same
 * store-first, budgeted, retried path as {@link dev.annotator.llm.LlmAnnotator}.
 */
package dev.annotator.llm.incubate;
