/**
 * What Drools rules see of Credence. A scoring rule calls {@link
 * io.credence.plugin.drl.ModelFunctions#scoreApplication} once per application and inserts the
 * resulting {@link io.credence.plugin.drl.ModelScore} fact; policy rules match on that fact.
 * See {@code docs/drl-idiom.md}.
 */
package io.credence.plugin.drl;
