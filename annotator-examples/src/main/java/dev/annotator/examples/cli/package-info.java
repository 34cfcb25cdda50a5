/**
 * The {@code annotator} command line ({@link dev.annotator.examples.cli.AnnotatorCli}): annotate a
 * file into a SQLite store, train a student (on gold labels or stored annotations), label files with
 * it, and the offline demo. Wires annotator-core's dataset I/O and
 * metrics to annotator-student's trainers and ONNX runtime; holds no logic of its own beyond that.
 */
package dev.annotator.examples.cli;
