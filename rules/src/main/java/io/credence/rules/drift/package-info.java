/**
 * Drift monitoring of the served models, per service instance: {@link io.credence.rules.drift.DriftMonitor}
 * keeps, per model version, a sliding window of the decided applications' feature and score bins and
 * compares it with the card's training distributions (population stability index), and the
 * approval, referral and decline counts per minute. Fed by the decision service, read by the
 * metrics ({@code credence_drift_psi}) and the monitoring page ({@code /audit/monitoring}).
 */
package io.credence.rules.drift;
