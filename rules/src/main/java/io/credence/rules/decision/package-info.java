/**
 * The decision core every channel calls: runs the KJAR's policy rules (which score the application
 * with the plugin) and returns the decision with its reasons, scores, cut-offs and rules fired.
 */
package io.credence.rules.decision;
