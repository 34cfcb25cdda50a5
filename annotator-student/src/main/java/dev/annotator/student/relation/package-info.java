/**
 * The relation student: a frozen sentence encoder's token hidden states averaged over each of the
 * two marked entities of a {@link dev.annotator.core.span.RelationInstance} (and, optionally, over
 * the whole sentence), concatenated, and a softmax head over the relation labels (the negative, e.g.
 * {@code no_relation}, included). {@link dev.annotator.student.relation.RelationStudentTrainer}
 * trains it with the shared SGD of the other students on {@link dev.annotator.core.span.RelationExample}s;
 * {@link dev.annotator.student.relation.RelationStudentModel} exports encoder, entity pooling and
 * head as one ONNX file that {@link dev.annotator.student.relation.OnnxRelationModel} runs. The
 * sentence-level students live in {@code encoder} and {@code fast}; the span tagger in {@code span}.
 */
package dev.annotator.student.relation;
