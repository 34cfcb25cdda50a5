/**
 * The test kit for host applications and for the library's own modules; add annotator-testing with
 * test scope. For LLM code: {@link dev.annotator.testing.FakeOpenAiServer}, a real OpenAI
 * chat-completions server on 127.0.0.1 with scripted answers, a request log, token usage and seeded
 * fault injection, run per test by {@link dev.annotator.testing.FakeOpenAiServerExtension}, and
 * {@link dev.annotator.testing.ScriptedChatModel} for logic tests without HTTP. For pipelines:
 * {@link dev.annotator.testing.ScriptedAnnotator}, {@link dev.annotator.testing.HashingTextEmbedder} and
 * {@link dev.annotator.testing.Fixtures} (a tiny task and a dataset builder). For extension points: the
 * abstract contract tests ({@code AnnotatorContract}, {@code SampleSelectorContract},
 * {@code LabelWeigherContract}, {@code LabelModelContract}, {@code StudentTrainerContract},
 * {@code SpanStudentTrainerContract},
 * {@code AnnotationStoreContract}) that a custom implementation's test extends to prove it honours
 * the interface in {@code annotator-core}, as every built-in does.
 */
package dev.annotator.testing;
