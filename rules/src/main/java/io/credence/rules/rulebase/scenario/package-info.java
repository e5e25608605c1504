/**
 * Scenarios analysts write: CSV files in a policy folder's {@code scenarios/}, one application a
 * row with the decision and reason codes it should get ({@link
 * io.credence.rules.rulebase.scenario.ScenarioFile}), decided and compared by {@link
 * io.credence.rules.rulebase.scenario.ScenarioRunner} ({@code credence rules test DIR}).
 */
package io.credence.rules.rulebase.scenario;
