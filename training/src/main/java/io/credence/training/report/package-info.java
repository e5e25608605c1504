/**
 * The self-contained {@code report.html}: metrics table, ROC curves, calibration plot, score
 * histograms by class, learning curves and the model card, drawn as inline SVG with no scripts
 * and no external resources, so it opens from disk anywhere.
 */
package io.credence.training.report;
