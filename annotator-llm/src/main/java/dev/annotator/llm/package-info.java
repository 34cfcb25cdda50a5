/**
 * LLM annotators on any langchain4j {@code ChatModel}: prompt building, demonstration retrieval,
 * structured answers, confidence, retries and cost. This module is being built: see the
 * CHANGELOG for what has landed.
 */
package dev.annotator.llm;
