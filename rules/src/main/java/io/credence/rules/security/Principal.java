package io.credence.rules.security;

import java.util.Set;

/**
 * Who a request comes from, once authenticated.
 *
 * @param name   the key's name, the token's subject or the user's name; shown in the access log
 * @param roles  what it may do
 * @param method how it proved it: {@code api-key}, {@code jwt}, {@code session}, or {@code loopback}
 *               when security is off and the server listens on loopback only
 */
public record Principal(String name, Set<Role> roles, String method) {

    public Principal {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a principal has a name");
        }
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
