package io.credence.rules.security.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.security.Authentication;
import io.credence.rules.security.RequestCredentials;
import io.credence.rules.security.Role;
import io.credence.rules.security.users.Passwords;
import io.credence.rules.security.users.User;
import io.credence.rules.security.users.UserDirectory;
import io.credence.rules.security.users.UsersFile;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionStoreTest {

    private static final Passwords FAST = new Passwords(Passwords.MIN_COST);

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2026-03-02T09:00:00Z"));
    private final SessionStore sessions = new SessionStore(clock, Duration.ofMinutes(15), new SecureRandom());
    private UsersFile file;
    private SessionAuthenticator authenticator;

    @BeforeEach
    void users() {
        file = new UsersFile(dir.resolve("users.json"));
        file.save(UsersFile.Users.NONE.with(new User("alice", Set.of(Role.REVIEW), FAST.hash("alice's passphrase"),
                clock.instant())));
        authenticator = new SessionAuthenticator(sessions, new UserDirectory(file, FAST));
    }

    private Authentication withCookie(String id) {
        return authenticator.authenticate(new RequestCredentials(null, Map.of(SessionAuthenticator.COOKIE, id)));
    }

    @Test
    void aSessionEndsAfterTheIdleTimeoutWithoutARequest() {
        Session s = sessions.open("alice");

        clock.advance(Duration.ofMinutes(15).minusSeconds(1));
        assertTrue(sessions.find(s.id()).isPresent(), "still live a second before the timeout");
        clock.advance(Duration.ofMinutes(15).minusSeconds(1));
        assertTrue(sessions.find(s.id()).isPresent(), "each request restarts the idle time");
        clock.advance(Duration.ofMinutes(15));

        assertTrue(sessions.find(s.id()).isEmpty());
        assertEquals(0, sessions.size(), "an idle session is removed, not kept");
    }

    @Test
    void idsAndTokensAre32RandomBytesAndDiffer() {
        Session a = sessions.open("alice");
        Session b = sessions.open("alice");

        assertTrue(a.id().matches("[A-Za-z0-9_-]{43}"), a.id());
        assertTrue(a.csrfToken().matches("[A-Za-z0-9_-]{43}"), a.csrfToken());
        assertNotEquals(a.id(), b.id());
        assertNotEquals(a.id(), a.csrfToken());
        assertFalse(a.toString().contains(a.id()) || a.toString().contains(a.csrfToken()), a.toString());
    }

    @Test
    void theAuthenticatorIsNotAskedWithoutACookieAndRefusesAnEndedSession() {
        Session s = sessions.open("alice");

        assertEquals(Authentication.NOT_MINE, authenticator.authenticate(new RequestCredentials("some-bearer", Map.of())));
        Authentication live = withCookie(s.id());
        assertInstanceOf(Authentication.Authenticated.class, live);
        assertEquals("alice", ((Authentication.Authenticated) live).principal().name());
        assertEquals("session", ((Authentication.Authenticated) live).principal().method());

        sessions.end(s.id());

        assertInstanceOf(Authentication.Refused.class, withCookie(s.id()));
        assertInstanceOf(Authentication.Refused.class, withCookie("made-up"));
    }

    @Test
    void anIdleSessionIsRefusedByTheAuthenticator() {
        Session s = sessions.open("alice");
        clock.advance(Duration.ofMinutes(16));

        assertInstanceOf(Authentication.Refused.class, withCookie(s.id()));
    }

    @Test
    void removingAUserEndsTheirSessionsAtTheNextRequestAndRolesFollowTheFile() {
        Session s = sessions.open("alice");
        file.save(file.load().with(new User("alice", Set.of(Role.REVIEW, Role.REVIEW_PII),
                file.load().find("alice").orElseThrow().passwordHash(), clock.instant())));
        assertTrue(authenticator.resolve(s.id()).orElseThrow().principal().has(Role.REVIEW_PII));

        file.save(file.load().without("alice"));

        assertInstanceOf(Authentication.Refused.class, withCookie(s.id()));
        assertEquals(0, sessions.size());
    }

    @Test
    void theCsrfTokenMustBeTheSessionsOwn() {
        Session a = sessions.open("alice");
        Session b = sessions.open("alice");

        assertTrue(SessionAuthenticator.csrfMatches(a, a.csrfToken()));
        assertFalse(SessionAuthenticator.csrfMatches(a, b.csrfToken()));
        assertFalse(SessionAuthenticator.csrfMatches(a, null));
        assertFalse(SessionAuthenticator.csrfMatches(a, ""));
    }
}
