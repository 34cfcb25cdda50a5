/**
 * Local steps for generated training data (Incubator): {@link dev.annotator.core.generate.Deduplicator}
 * drops exact and near-duplicate texts, {@link dev.annotator.core.generate.SelfDiversifier} keeps the
 * candidates nearest k-means centres, and {@link dev.annotator.core.generate.Diversity} measures how
 * spread a set of texts is.
 */
package dev.annotator.core.generate;
