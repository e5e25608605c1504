package io.credence.rules.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The access log tells apart principals of one name that authenticated in different ways. */
class AccessEventTest {

    static final Instant AT = Instant.parse("2026-12-04T12:00:00Z");

    @Test
    void aKeyAUserAndATokenSubjectOfOneNameAreRecordedApart() {
        AccessEvent key = AccessEvent.by(AT, new Principal("alice", Set.of(Role.REVIEW), "api-key"), "view-decision", "d-1", "api");
        AccessEvent user = AccessEvent.by(AT, new Principal("alice", Set.of(Role.REVIEW), "session"), "view-decision", "d-1", "page");
        AccessEvent token = AccessEvent.by(AT, new Principal("alice", Set.of(Role.REVIEW), "jwt"), "view-decision", "d-1", "api");

        assertEquals("api-key:alice", key.principal());
        assertEquals("session:alice", user.principal());
        assertEquals("jwt:alice", token.principal());
        assertNotEquals(key.principal(), user.principal());
        assertEquals(new Principal("alice", Set.of(), "jwt").id(), token.principal(), "the same identity the audit record keeps");
    }
}
