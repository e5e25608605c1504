/**
 * The model lifecycle seen from the audit log: how the champion, the challenger and the shadow
 * versions of a model scored and would have decided the applications they saw
 * ({@link io.credence.rules.models.LiveComparison}, {@code credence models compare-live}).
 */
package io.credence.rules.models;
