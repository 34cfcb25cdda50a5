/**
 * Labelling-program synthesis (the LLM half of ALCHEmist): {@link dev.annotator.llm.programs.ProgramSynthesizer}
 * asks a langchain4j chat model a handful of times to write labelling programs in the rule language of
 * {@link dev.annotator.core.programs}, validates every answer with
 * {@link dev.annotator.core.programs.ProgramJson} (an answer is data, never code that runs), gives an
 * invalid one a repair round with its validation errors, and records what each program cost. Calls go
 * through the same store-first, budgeted, retried path as the {@link dev.annotator.llm.LlmAnnotator}, so
 * a rerun pays nothing. The programs then vote locally on the whole corpus
 * ({@link dev.annotator.core.pipeline.ProgramLabelingPipeline}).
 */
package dev.annotator.llm.programs;
