package io.credence.rules.security.session;

import io.credence.rules.security.AccessEvent;
import io.credence.rules.security.AccessLog;
import io.credence.rules.security.Principal;
import io.credence.rules.security.users.Passwords;
import io.credence.rules.security.users.User;
import io.credence.rules.security.users.UserDirectory;
import io.credence.rules.security.users.UsersFile;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs browsers in and out of the compliance page, and writes each sign-in, failed sign-in and
 * sign-out to the access log. One per service instance; thread-safe.
 *
 * <pre>{@code
 * BrowserSignIn signIn = BrowserSignIn.open(settings.signIn(), accessLog, Clock.systemUTC());
 * switch (signIn.signIn(name, password, remoteAddress)) {
 *     case BrowserSignIn.Attempt.SignedIn ok -> setCookie(SessionAuthenticator.COOKIE, ok.session().id());
 *     case BrowserSignIn.Attempt.Failed no -> showTheFormAgain();   // same answer for every failure
 * }
 * }</pre>
 *
 * <p>A failure is recorded as {@value #ANONYMOUS} with the address, never with the name tried
 * (it may be a password typed in the wrong field) and never with the password.
 */
public final class BrowserSignIn {

    /** The principal of access events without one (failed sign-ins). */
    public static final String ANONYMOUS = "anonymous";

    /** What a sign-in attempt came to. */
    public sealed interface Attempt {
        /** Signed in: the new session (its id is the cookie) and who it is. */
        record SignedIn(Session session, io.credence.rules.security.Principal principal) implements Attempt {
        }

        /** Refused: wrong name or password, or locked out; the caller is not told which. */
        record Failed() implements Attempt {
        }
    }

    private final UserDirectory users;
    private final SessionStore sessions;
    private final SignInThrottle throttle;
    private final AccessLog log;
    private final Clock clock;
    private final SessionAuthenticator authenticator;
    /** Signs the sign-in form's token to the browser's pre-sign-in cookie (login CSRF). */
    private final SecretKeySpec formKey;
    private final Tokens tokens;

    public BrowserSignIn(UserDirectory users, SessionStore sessions, SignInThrottle throttle, AccessLog log, Clock clock,
                         SecureRandom random) {
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
        this.log = log;
        this.clock = clock;
        this.authenticator = new SessionAuthenticator(sessions, users);
        this.tokens = new Tokens(random);
        this.formKey = tokens.macKey();
    }

    /**
     * Sign-in with the users file and idle timeout of the settings, the default lock-out, and
     * decoy password checks at the cost of the file's hashes.
     *
     * @throws IllegalArgumentException when sign-in is off in the settings or the users file is not valid
     */
    public static BrowserSignIn open(SignInSettings settings, AccessLog log, Clock clock) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("browser sign-in needs a users file (credence.security.users)");
        }
        UsersFile file = new UsersFile(settings.usersFile());
        int cost = file.load().all().stream().mapToInt(u -> cost(u.passwordHash())).max().orElse(Passwords.DEFAULT_COST);
        SecureRandom random = new SecureRandom();
        return new BrowserSignIn(new UserDirectory(file, new Passwords(cost)),
                new SessionStore(clock, settings.idleTimeout(), random), new SignInThrottle(clock), log, clock, random);
    }

    private static int cost(String bcryptHash) {
        return Integer.parseInt(bcryptHash.substring(bcryptHash.indexOf('$', 1) + 1, bcryptHash.indexOf('$', 1) + 3));
    }

    /** The authenticator of this sign-in's session cookie, for the access policy's list. */
    public SessionAuthenticator authenticator() {
        return authenticator;
    }

    public SessionStore sessions() {
        return sessions;
    }

    /**
     * Checks a name and password from an address. Every path runs one BCrypt comparison and the
     * caller gets the same {@link Attempt.Failed} for an unknown name, a wrong password and a
     * lock-out.
     *
     * @throws io.credence.rules.audit.AuditUnavailableException when the access log cannot record the attempt
     */
    public Attempt signIn(String name, String password, String address) {
        boolean locked = throttle.locked(name, address);
        Optional<User> user = users.verify(name, password);
        if (locked || user.isEmpty()) {
            throttle.failed(name, address);
            log.record(new AccessEvent(clock.instant(), ANONYMOUS, "sign-in-failed", null,
                    "from " + address + (locked ? " (locked out)" : "")));
            return new Attempt.Failed();
        }
        throttle.succeeded(name);
        Session session = sessions.open(user.get().name());
        log.record(AccessEvent.by(clock.instant(), user.get().principal(), "sign-in", null, "from " + address));
        return new Attempt.SignedIn(session, user.get().principal());
    }

    /** Ends a session on the server (its cookie no longer works anywhere) and records it. */
    public void signOut(Session session, String address) {
        if (sessions.end(session.id())) {
            log.record(new AccessEvent(clock.instant(), Principal.id(SessionAuthenticator.METHOD, session.user()), "sign-out", null,
                    "from " + address));
        }
    }

    /** A new value for the browser's pre-sign-in cookie. */
    public String newFormNonce() {
        return tokens.next();
    }

    /** The sign-in form's CSRF token for a pre-sign-in cookie value. */
    public String formToken(String nonce) {
        return Tokens.mac(formKey, "sign-in\n" + nonce);
    }

    /** Whether a posted sign-in form's token belongs to the browser's pre-sign-in cookie. */
    public boolean formTokenMatches(String nonce, String token) {
        return nonce != null && !nonce.isEmpty() && Tokens.same(formToken(nonce), token);
    }
}
