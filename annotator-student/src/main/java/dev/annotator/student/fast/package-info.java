/**
 * The fast student: {@link dev.annotator.student.fast.HashingFeaturizer} turns text into hashed
 * word and character n-grams, {@link dev.annotator.student.fast.FastStudentTrainer} fits a linear
 * softmax or sigmoid model with weights and soft labels, and the resulting
 * {@link dev.annotator.student.fast.FastStudentModel} exports to ONNX (see {@code onnx}).
 */
package dev.annotator.student.fast;
