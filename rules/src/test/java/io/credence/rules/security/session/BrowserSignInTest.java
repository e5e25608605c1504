package io.credence.rules.security.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.security.AccessEvent;
import io.credence.rules.security.Role;
import io.credence.rules.security.LoggingAccessLog;
import io.credence.rules.security.users.Passwords;
import io.credence.rules.security.users.User;
import io.credence.rules.security.users.UserDirectory;
import io.credence.rules.security.users.UsersFile;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrowserSignInTest {

    private static final Passwords FAST = new Passwords(Passwords.MIN_COST);
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2026-03-02T09:00:00Z"));
    private final LoggingAccessLog log = new LoggingAccessLog();
    private BrowserSignIn signIn;

    @BeforeEach
    void users() {
        UsersFile file = new UsersFile(dir.resolve("users.json"));
        file.save(UsersFile.Users.NONE
                .with(new User("alice", Set.of(Role.REVIEW), FAST.hash(PASSWORD), clock.instant()))
                .with(new User("bob", Set.of(Role.REVIEW), FAST.hash(PASSWORD), clock.instant())));
        signIn = new BrowserSignIn(new UserDirectory(file, FAST),
                new SessionStore(clock, Duration.ofMinutes(15), new SecureRandom()), new SignInThrottle(clock), log, clock,
                new SecureRandom());
    }

    private void failTimes(String name, String address, int times) {
        for (int i = 0; i < times; i++) {
            assertInstanceOf(BrowserSignIn.Attempt.Failed.class, signIn.signIn(name, "wrong password " + i, address));
        }
    }

    @Test
    void signsInWithTheRightPasswordAndRecordsWhoAndFromWhere() {
        BrowserSignIn.Attempt attempt = signIn.signIn("alice", PASSWORD, "192.0.2.7");

        BrowserSignIn.Attempt.SignedIn ok = assertInstanceOf(BrowserSignIn.Attempt.SignedIn.class, attempt);
        assertEquals("alice", ok.principal().name());
        assertEquals(Set.of(Role.REVIEW), ok.principal().roles());
        assertEquals(List.of(new AccessEvent(clock.instant(), "session:alice", "sign-in", null, "from 192.0.2.7")), log.recent(10));
    }

    @Test
    void locksANameOutAfterFiveFailuresEvenForTheRightPasswordThenLetsItInAgain() {
        failTimes("alice", "192.0.2.1", 2);
        failTimes("alice", "192.0.2.2", 2);
        assertInstanceOf(BrowserSignIn.Attempt.SignedIn.class, signIn.signIn("alice", PASSWORD, "192.0.2.3"),
                "four failures do not lock");
        failTimes("alice", "192.0.2.4", 5);

        assertInstanceOf(BrowserSignIn.Attempt.Failed.class, signIn.signIn("alice", PASSWORD, "192.0.2.5"));
        assertInstanceOf(BrowserSignIn.Attempt.SignedIn.class, signIn.signIn("bob", PASSWORD, "192.0.2.5"),
                "another name from a clean address is not locked");
        clock.advance(Duration.ofMinutes(14));
        assertInstanceOf(BrowserSignIn.Attempt.Failed.class, signIn.signIn("alice", PASSWORD, "192.0.2.5"));
        clock.advance(Duration.ofMinutes(2));
        assertInstanceOf(BrowserSignIn.Attempt.SignedIn.class, signIn.signIn("alice", PASSWORD, "192.0.2.5"));
    }

    @Test
    void locksAnAddressOutAfterFiveFailuresAcrossNames() {
        failTimes("alice", "198.51.100.9", 2);
        failTimes("nobody", "198.51.100.9", 2);
        failTimes("bob", "198.51.100.9", 1);

        assertInstanceOf(BrowserSignIn.Attempt.Failed.class, signIn.signIn("bob", PASSWORD, "198.51.100.9"));
        assertInstanceOf(BrowserSignIn.Attempt.SignedIn.class, signIn.signIn("bob", PASSWORD, "198.51.100.10"));
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        failTimes("alice", "192.0.2.1", 4);
        clock.advance(Duration.ofMinutes(16));
        failTimes("alice", "192.0.2.2", 1);

        assertInstanceOf(BrowserSignIn.Attempt.SignedIn.class, signIn.signIn("alice", PASSWORD, "192.0.2.3"));
    }

    @Test
    void anUnknownNameIsLockedOutLikeAKnownOneSoTheLockOutTellsNothing() {
        SignInThrottle throttle = new SignInThrottle(clock);
        for (int i = 0; i < SignInThrottle.MAX_FAILURES; i++) {
            throttle.failed("nobody", "192.0.2." + i);
            throttle.failed("alice", "192.0.2." + (100 + i));
        }

        assertTrue(throttle.locked("nobody", "203.0.113.1"));
        assertTrue(throttle.locked("ALICE", "203.0.113.1"), "names are counted regardless of case");
    }

    @Test
    void recordsAFailedSignInAsAnonymousWithTheAddressNeverTheNameOrPassword() {
        signIn.signIn("alice", "hunter2 but longer", "192.0.2.44");
        failTimes("alice", "192.0.2.44", 4);
        signIn.signIn("alice", PASSWORD, "192.0.2.44");

        List<AccessEvent> events = log.recent(10);
        assertEquals(6, events.size());
        assertTrue(events.stream().allMatch(e -> e.principal().equals(BrowserSignIn.ANONYMOUS)
                && e.action().equals("sign-in-failed")), events.toString());
        assertEquals("from 192.0.2.44 (locked out)", events.get(0).detail());
        assertEquals("from 192.0.2.44", events.get(5).detail());
        assertFalse(events.toString().contains("alice") || events.toString().contains("hunter2")
                || events.toString().contains(PASSWORD), events.toString());
    }

    @Test
    void signOutEndsTheSessionOnTheServerAndIsRecorded() {
        BrowserSignIn.Attempt.SignedIn ok = (BrowserSignIn.Attempt.SignedIn) signIn.signIn("alice", PASSWORD, "192.0.2.7");

        signIn.signOut(ok.session(), "192.0.2.7");

        assertTrue(signIn.authenticator().resolve(ok.session().id()).isEmpty());
        assertEquals("sign-out", log.recent(1).get(0).action());
        assertEquals("session:alice", log.recent(1).get(0).principal());
    }

    @Test
    void theSignInFormsTokenBelongsToOneBrowsersCookie() {
        String nonce = signIn.newFormNonce();
        String other = signIn.newFormNonce();

        assertTrue(signIn.formTokenMatches(nonce, signIn.formToken(nonce)));
        assertFalse(signIn.formTokenMatches(other, signIn.formToken(nonce)));
        assertFalse(signIn.formTokenMatches(null, signIn.formToken(nonce)));
        assertFalse(signIn.formTokenMatches(nonce, null));
    }
}
