package io.credence.rules.audit;

import java.util.List;

/**
 * What an {@link AuditLog#erase erasure} did.
 *
 * <p>Erasing twice is idempotent: the second time nothing is left to erase, so nothing is deleted
 * and <b>no</b> erasure record is appended ({@link #record()} is null, {@link #erased()} empty,
 * {@link #alreadyErased()} says how many records were erased before). A target with no records
 * at all has {@link #matched()} 0.
 *
 * @param record        the erasure record appended to the chain, or null when nothing was erased now
 * @param erased        decision ids of the records whose personal data was erased now, in chain order
 * @param alreadyErased records of the target that held no personal data any more (erased before, or none kept)
 */
public record Erasure(AuditRecord record, List<String> erased, int alreadyErased) {

    public Erasure {
        erased = List.copyOf(erased);
        if ((record == null) != erased.isEmpty()) {
            throw new IllegalArgumentException("an erasure record is appended exactly when something was erased");
        }
        if (alreadyErased < 0) {
            throw new IllegalArgumentException("alreadyErased must be >= 0, was " + alreadyErased);
        }
    }

    /** Records of the target, erased now or before. */
    public int matched() {
        return erased.size() + alreadyErased;
    }
}
