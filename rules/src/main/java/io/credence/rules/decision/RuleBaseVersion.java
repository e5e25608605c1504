package io.credence.rules.decision;

/**
 * Which rule base made a decision.
 *
 * @param coordinates Maven coordinates of the KJAR ({@code groupId:artifactId:version}), or
 *                    {@code runtime} for a KieBase built from DRL files at run time
 * @param drlSha256   SHA-256 over the DRL files, in name order (name and content)
 */
public record RuleBaseVersion(String coordinates, String drlSha256) {
}
