/**
 * The span student: a token tagger for {@link dev.annotator.core.task.TaskKind#SPAN} tasks. {@link
 * dev.annotator.student.span.SpanTaggerTrainer} fits a linear softmax head over BIO tags
 * ({@link dev.annotator.core.span.BioCodec}) on the frozen contextual token embeddings of an
 * {@link dev.annotator.student.encoder.OnnxTokenEncoder}; {@link dev.annotator.student.span.SpanTaggerModel}
 * is the result in memory and exports encoder and head as one ONNX file, which
 * {@link dev.annotator.student.span.OnnxSpanTagger} runs. {@link dev.annotator.student.span.KnnSpanAnnotator}
 * is an offline span annotator that knows only a small gold pool (k nearest gold tokens vote on
 * each token's tag), so a tagger can be distilled with no LLM. All implement or mirror the core
 * contracts {@link dev.annotator.core.span.SpanStudentTrainer} and
 * {@link dev.annotator.core.span.SpanStudentModel}. {@link
 * dev.annotator.student.span.SpanLearningToReweightWeigher} is learning-to-reweight for span tasks, a
 * {@link dev.annotator.core.weigh.SpanWeigher} for {@link dev.annotator.core.pipeline.SpanActiveLoop}.
 */
package dev.annotator.student.span;
