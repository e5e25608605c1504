/**
 * The credit-decision application. Follow one loan application through the packages:
 * {@code application} (the fact rules reason over) -> {@code decision} (the Drools session that
 * scores it with the plugin and applies the DRL policy in {@code io/credence/rules/policy}) ->
 * the decision with its reasons.
 */
package io.credence.rules;
