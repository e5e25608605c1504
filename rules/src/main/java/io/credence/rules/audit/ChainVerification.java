package io.credence.rules.audit;

/**
 * Result of walking the audit chain.
 *
 * @param intact           true when every record verifies
 * @param recordsChecked   records walked
 * @param firstBadSequence sequence number of the first record that fails, or -1
 * @param problem          what is wrong with it, or null when intact
 * @param detail           what the check found, in words, or null when intact
 */
public record ChainVerification(boolean intact, long recordsChecked, long firstBadSequence, Problem problem,
                                String detail) {

    /** How the chain is broken. */
    public enum Problem {
        /** The record's content, a searchable column or its kept raw input no longer matches its hash. */
        CHANGED,
        /** A record is missing: a gap in the sequence, a broken previous-hash link, or a lost tail. */
        DELETED,
        /** A record sits at another position than the one it was hashed at. */
        REORDERED
    }

    public ChainVerification {
        if (intact != (problem == null)) {
            throw new IllegalArgumentException("a chain is intact exactly when there is no problem, was intact="
                    + intact + " problem=" + problem);
        }
    }

    public static ChainVerification intact(long recordsChecked) {
        return new ChainVerification(true, recordsChecked, -1, null, null);
    }

    public static ChainVerification broken(long recordsChecked, long sequence, Problem problem, String detail) {
        return new ChainVerification(false, recordsChecked, sequence, problem, detail);
    }

    /** One line for people: "intact (12 records)" or "record 7 CHANGED: ...". */
    public String summary() {
        return intact ? "intact (" + recordsChecked + " records)"
                : "record " + firstBadSequence + " " + problem + ": " + detail;
    }
}
