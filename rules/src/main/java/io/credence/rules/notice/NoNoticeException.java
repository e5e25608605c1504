package io.credence.rules.notice;

import java.time.Instant;

/**
 * Why a record gives no notice: it took no adverse action (an approval, or nothing was decided), or
 * the personal data the notice prints (the reason texts) was erased.
 */
public final class NoNoticeException extends RuntimeException {

    /** What stands in the way. */
    public enum Why {
        /** An approval, a rejected or failed input, or an erasure record: no notice of adverse action applies. */
        NO_ADVERSE_ACTION,
        /** The record's personal data, the reason texts among it, was erased. */
        ERASED
    }

    private final Why why;
    private final Instant erasedAt;

    NoNoticeException(Why why, String message, Instant erasedAt) {
        super(message);
        this.why = why;
        this.erasedAt = erasedAt;
    }

    public Why why() {
        return why;
    }

    /** When the personal data was erased ({@link Why#ERASED}), else null. */
    public Instant erasedAt() {
        return erasedAt;
    }
}
