/**
 * Run records and their report: {@link dev.annotator.core.report.RunRecord} is what a pipeline did
 * (learning curve, evaluations, label sources, provenance), {@link dev.annotator.core.report.RunRecordJson}
 * stores it as {@code run.json}, and {@link dev.annotator.core.report.HtmlReport} draws it as one
 * self-contained HTML file.
 */
package dev.annotator.core.report;
