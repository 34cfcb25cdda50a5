/**
 * What the LLM is asked: the {@link dev.annotator.llm.prompt.PromptBuilder} turns a
 * {@link dev.annotator.core.task.Task} (instruction, labels with their descriptions), optional
 * demonstrations chosen by a {@link dev.annotator.llm.prompt.DemonstrationSelector}, and the texts to
 * label (delimited and marked as data) into a {@link dev.annotator.llm.prompt.Prompt}, with the JSON
 * schema of the expected answer from {@link dev.annotator.llm.prompt.AnswerSchema}. The
 * {@link dev.annotator.llm.LlmAnnotator} sends these prompts and validates the answers.
 */
package dev.annotator.llm.prompt;
