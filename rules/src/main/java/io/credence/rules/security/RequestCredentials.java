package io.credence.rules.security;

import java.util.Map;

/**
 * The parts of an HTTP request that carry credentials.
 *
 * @param bearer  the token of {@code Authorization: Bearer <token>}, or null
 * @param cookies cookie name -> value
 */
public record RequestCredentials(String bearer, Map<String, String> cookies) {

    public RequestCredentials {
        cookies = cookies == null ? Map.of() : Map.copyOf(cookies);
    }
}
