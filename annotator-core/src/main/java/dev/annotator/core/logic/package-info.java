/**
 * Logic over trained students: {@link dev.annotator.core.logic.TextPredicate} combines label decisions
 * of several students with AND, OR and NOT, and {@link dev.annotator.core.logic.LogicalStudent} makes
 * the combination usable like any student (Incubator's logical text mining).
 */
package dev.annotator.core.logic;
