package io.credence.rules.audit;

/**
 * Result of walking the audit chain.
 *
 * @param intact          true when every record verifies
 * @param recordsChecked  records walked
 * @param firstBadSequence sequence number of the first record that fails, or -1
 * @param problem         what is wrong with it (changed, deleted/missing, reordered), or null
 */
public record ChainVerification(boolean intact, long recordsChecked, long firstBadSequence, String problem) {
}
