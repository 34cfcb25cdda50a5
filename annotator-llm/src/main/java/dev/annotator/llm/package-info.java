/**
 * LLM annotators on any langchain4j {@code ChatModel}: prompt building, demonstration retrieval,
 * structured answers, confidence, retries and cost. This module is being built: see the
 * CHANGELOG for what has landed. Its {@code store} package holds the SQLite annotation store and its
 * {@code embed} package the langchain4j embedding adapter.
 */
package dev.annotator.llm;
