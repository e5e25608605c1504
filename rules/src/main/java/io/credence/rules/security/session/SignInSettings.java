package io.credence.rules.security.session;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Browser sign-in to the compliance page.
 *
 * @param usersFile   {@code credence.security.users} ({@code serve --users FILE}): the users file;
 *                    null (the setting empty) turns browser sign-in off
 * @param idleTimeout {@code credence.security.session-idle-timeout}: a session without a request
 *                    for this long ends (default 15 minutes)
 */
public record SignInSettings(Path usersFile, Duration idleTimeout) {

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(15);
    /** No users file: browser sign-in off. */
    public static final SignInSettings NONE = new SignInSettings(null, DEFAULT_IDLE_TIMEOUT);

    public SignInSettings {
        if (idleTimeout == null) {
            idleTimeout = DEFAULT_IDLE_TIMEOUT;
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("credence.security.session-idle-timeout must be positive, was " + idleTimeout);
        }
    }

    /** Whether a users file is configured. */
    public boolean enabled() {
        return usersFile != null;
    }
}
