/**
 * The policy as data: the files of a rule base ({@link io.credence.rules.rulebase.PolicyFiles}:
 * DRL, the cut-off decision table, {@code reason-codes.csv}), compiled into an immutable {@link
 * io.credence.rules.rulebase.RuleBase} that an engine holds by reference, and checked in analyst
 * language ({@link io.credence.rules.rulebase.PolicyCheck}). Limits and reason texts are written
 * once, in the policy files; no Java here knows a reason code or a model name.
 * See {@code docs/drl-idiom.md}.
 */
package io.credence.rules.rulebase;
