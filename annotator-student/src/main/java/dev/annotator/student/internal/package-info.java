/**
 * Implementation details of annotator-student (ONNX graph writing). Not API: anything here may
 * change without notice.
 */
package dev.annotator.student.internal;
