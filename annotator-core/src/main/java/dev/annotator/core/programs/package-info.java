/**
 * Labelling programs as data (the local half of ALCHEmist): a small declarative rule language in
 * JSON ({@code program.schema.json}) of keyword and phrase sets, lexicon counts, regular
 * expressions, text features and boolean combinators, read and validated by
 * {@link dev.annotator.core.programs.ProgramJson} into immutable
 * {@link dev.annotator.core.programs.LabelingProgram}s that the library interprets — never code that
 * it compiles or runs. Regular expressions run under a step and time budget. Programs are applied
 * by {@link dev.annotator.core.programs.LabelingPrograms} into a
 * {@link dev.annotator.core.labelmodel.VoteMatrix}, which a label model from
 * {@link dev.annotator.core.labelmodel} turns into soft labels.
 */
package dev.annotator.core.programs;
