package io.credence.rules.security.session;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Random tokens and their comparison; the one place this package makes or compares secrets. */
final class Tokens {

    /** Bytes of every session id and CSRF token. */
    static final int BYTES = 32;

    private final SecureRandom random;

    Tokens(SecureRandom random) {
        this.random = random;
    }

    /** {@value #BYTES} random bytes, base64url without padding (43 characters). */
    String next() {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A fresh random HMAC-SHA256 key. */
    SecretKeySpec macKey() {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return new SecretKeySpec(bytes, "HmacSHA256");
    }

    /** HMAC-SHA256 of a text under a key, base64url without padding. */
    static String mac(SecretKeySpec key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    /** Compares without stopping at the first difference; null equals nothing. */
    static boolean same(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
