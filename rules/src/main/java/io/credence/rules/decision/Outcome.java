package io.credence.rules.decision;

/** Decision outcomes, from least to most severe; the most severe reason decides. */
public enum Outcome {
    APPROVE,
    REFER,
    DECLINE
}
