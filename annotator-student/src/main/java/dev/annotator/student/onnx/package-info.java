/**
 * Students as ONNX files: {@link dev.annotator.student.onnx.OnnxExportable} writes them and
 * {@link dev.annotator.student.onnx.OnnxStudentModel} runs them through ONNX Runtime. The file
 * carries the task, featurizer settings and provenance in its {@code metadata_props}.
 */
package dev.annotator.student.onnx;
