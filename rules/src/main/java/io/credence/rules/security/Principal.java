package io.credence.rules.security;

import java.util.Set;

/**
 * Who a request comes from, once authenticated.
 *
 * @param name   the key's name, the token's subject or the user's name; shown in the access log
 *               with the method, as {@link #id()}
 * @param roles  what it may do
 * @param method how it proved it: {@code api-key}, {@code jwt}, {@code session}, or {@code loopback}
 *               when security is off and the server listens on loopback only
 */
public record Principal(String name, Set<Role> roles, String method) {

    public Principal {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a principal has a name");
        }
        if (method == null || method.isBlank()) {
            throw new IllegalArgumentException("a principal names how it authenticated");
        }
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /**
     * The principal's identity across methods, {@code method:name} (e.g. {@code api-key:loan-portal},
     * {@code jwt:3f2a...}): what an audit record keeps as who requested a decision, so that a key
     * and a token subject of the same name never own each other's decisions.
     */
    public String id() {
        return id(method, name);
    }

    /** {@link #id()} of the principal that authenticated by {@code method} as {@code name}. */
    public static String id(String method, String name) {
        return method + ":" + name;
    }
}
