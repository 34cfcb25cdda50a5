/**
 * Runnable end-to-end examples on the real datasets; the command line lives in {@code cli}.
 */
package dev.annotator.examples;
