/**
 * Implementation details of annotator-student: ONNX graph writing (fast student, encoder pooling and
 * head, per-text activation quantization), the tokenize-pad-run loop of encoder graphs, and the SGD
 * both students train with, and the learning-to-reweight arithmetic of the weighers. Not API:
 * anything here may change without notice.
 */
package dev.annotator.student.internal;
