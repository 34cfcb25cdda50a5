/**
 * Implementation details of annotator-core shared across its packages. Not API: anything here may
 * change without notice.
 */
package dev.annotator.core.internal;
