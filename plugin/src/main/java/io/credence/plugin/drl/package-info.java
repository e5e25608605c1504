/**
 * What Drools rules see of Credence. A scoring rule calls {@code models.score(...)} on the rule
 * base's {@link io.credence.plugin.drl.RuleModels} global once per application and inserts the
 * resulting {@link io.credence.plugin.drl.ModelScore} fact; policy rules match on that fact.
 * See {@code docs/drl-idiom.md}.
 */
package io.credence.plugin.drl;
