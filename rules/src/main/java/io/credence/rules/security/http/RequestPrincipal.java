package io.credence.rules.security.http;

import io.credence.rules.security.Principal;
import io.credence.rules.security.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import java.util.EnumSet;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;

/**
 * How the principal travels from the access control handler to the Camel routes: the handler
 * makes it the request's Vert.x {@link User} ({@code RoutingContext.setUser}); platform-http hands
 * that user to the exchange as the header {@value VertxPlatformHttpConstants#AUTHENTICATED_USER}.
 * A client cannot send that header: platform-http drops inbound headers that start with
 * {@code Camel}, it would be a string and not a {@link User}, and the handler removes it as well.
 *
 * <pre>{@code
 * Principal who = RequestPrincipal.of(exchange);   // null: no principal (security off, or an open path)
 * }</pre>
 */
public final class RequestPrincipal {

    /** Set in the user's principal JSON, so that a user some other handler made is not taken for ours. */
    static final String MARK = "credence";

    private RequestPrincipal() {
    }

    /** The Vert.x user that carries {@code principal}. */
    public static User user(Principal principal) {
        JsonArray roles = new JsonArray();
        principal.roles().stream().map(Role::label).sorted().forEach(roles::add);
        return User.create(new JsonObject().put(MARK, true).put("name", principal.name()).put("method", principal.method())
                .put("roles", roles));
    }

    /** The principal of an exchange from platform-http, or null when it has none. */
    public static Principal of(Exchange exchange) {
        return of(exchange.getIn().getHeader(VertxPlatformHttpConstants.AUTHENTICATED_USER));
    }

    /** The principal a {@link #user} carries; null for anything else. */
    static Principal of(Object user) {
        if (!(user instanceof User u) || u.principal() == null || !u.principal().getBoolean(MARK, false)) {
            return null;
        }
        JsonObject p = u.principal();
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Object label : p.getJsonArray("roles", new JsonArray())) {
            roles.add(Role.of(String.valueOf(label)));
        }
        return new Principal(p.getString("name"), roles, p.getString("method"));
    }
}
