package io.credence.rules.security.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.audit.JdbcAuditLog;
import io.credence.rules.security.AccessEvent;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What every store of the access log does; subclasses open the audit store on H2 and PostgreSQL. */
abstract class AccessLogContract {

    static final Instant AT = Instant.parse("2026-03-02T09:15:30.123456Z");

    protected JdbcAuditLog audit;

    /** Opens the audit store (creating its schema); called again to reopen it. */
    protected abstract JdbcAuditLog openStore();

    private JdbcAccessLog accessLog() {
        if (audit == null) {
            audit = openStore();
        }
        return new JdbcAccessLog(audit.pool(), audit.toString());
    }

    @AfterEach
    void closeStore() {
        if (audit != null) {
            audit.close();
        }
    }

    private static AccessEvent event(int n) {
        return new AccessEvent(AT.plusSeconds(n), "user-" + n, "view-decision", "dec-" + n, "page, personal data masked");
    }

    @Test
    void keepsEveryFieldAndAnswersNewestFirst() {
        JdbcAccessLog log = accessLog();
        AccessEvent reveal = new AccessEvent(AT, "rita", "reveal-input", "dec-2", "Complaint 4411: income disputed");
        AccessEvent failed = new AccessEvent(AT.plusSeconds(1), "anonymous", "sign-in-failed", null, "from 127.0.0.1");

        log.record(reveal);
        log.record(failed);

        assertEquals(List.of(failed, reveal), log.recent(10));
        assertEquals(List.of(failed), log.recent(1));
    }

    @Test
    void pagesThroughTheLogNewestFirst() {
        JdbcAccessLog log = accessLog();
        IntStream.range(0, 7).forEach(n -> log.record(event(n)));

        assertEquals(List.of(event(6), event(5), event(4)), log.recent(0, 3));
        assertEquals(List.of(event(3), event(2), event(1)), log.recent(3, 3));
        assertEquals(List.of(event(0)), log.recent(6, 3));
        assertEquals(List.of(), log.recent(9, 3));
    }

    @Test
    void outlivesTheServiceThatWroteIt() {
        accessLog().record(event(1));
        audit.close();
        audit = null;

        assertEquals(List.of(event(1)), accessLog().recent(5));
    }

    @Test
    void cutsAnOverlongDetailInsteadOfLosingTheEvent() {
        JdbcAccessLog log = accessLog();
        log.record(new AccessEvent(AT, "rita", "reveal-input", "dec-1", "x".repeat(5000)));

        String kept = log.recent(1).get(0).detail();
        assertEquals(JdbcAccessLog.MAX_DETAIL, kept.length());
        assertTrue(kept.endsWith("…"));
    }
}
