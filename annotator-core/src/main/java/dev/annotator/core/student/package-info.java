/**
 * Extension points for students, the small classifiers distilled from annotations:
 * {@link dev.annotator.core.student.StudentTrainer} turns a weighted, soft-labelled
 * {@link dev.annotator.core.student.TrainingSet} into a {@link dev.annotator.core.student.StudentModel},
 * which carries its {@link dev.annotator.core.student.Provenance}. Implementations (fast n-gram
 * student, ONNX runtime) live in the annotator-student module.
 */
package dev.annotator.core.student;
