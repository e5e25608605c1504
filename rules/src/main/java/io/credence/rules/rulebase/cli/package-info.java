/**
 * The {@code credence rules} command line: {@code export}, {@code check} and {@code test} on a
 * policy folder, and {@code impact} of a policy on a portfolio (see {@code docs/drl-idiom.md}).
 */
package io.credence.rules.rulebase.cli;
