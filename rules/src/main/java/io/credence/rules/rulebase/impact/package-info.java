/**
 * Impact simulation ({@code credence rules impact}): a portfolio of applications (CSV or JSON
 * lines, {@link io.credence.rules.rulebase.impact.Portfolio}) decided with a baseline and a
 * candidate policy in parallel ({@link io.credence.rules.rulebase.impact.ImpactSimulation}), tallied
 * as it streams by ({@link io.credence.rules.rulebase.impact.ImpactTally}) into the swap matrix,
 * the rates and the changed reason codes of {@link io.credence.rules.rulebase.impact.ImpactReport},
 * written as {@code impact.json} and {@code impact.html} ({@link io.credence.rules.rulebase.impact.ImpactHtml}).
 */
package io.credence.rules.rulebase.impact;
