package io.credence.rules.security.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import io.credence.rules.security.Authentication;
import io.credence.rules.security.Principal;
import io.credence.rules.security.RequestCredentials;
import io.credence.rules.security.Role;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JwtAuthenticatorTest {

    static final TestTokens IDP = new TestTokens();

    static JwtAuthenticator authenticator(String rolesClaim) {
        return new JwtAuthenticator(new ImmutableJWKSet<>(IDP.publicKeys()), TestTokens.ISSUER, TestTokens.AUDIENCE,
                rolesClaim, Duration.ofSeconds(60));
    }

    static Authentication check(JwtAuthenticator a, String token) {
        return a.authenticate(new RequestCredentials(token, Map.of()));
    }

    @Test
    void aValidTokenProvesItsSubjectWithItsRoles() {
        Authentication result = check(authenticator("roles"), IDP.rs256(TestTokens.claims("alice", "review", "decide").build()));

        Principal p = assertInstanceOf(Authentication.Authenticated.class, result).principal();
        assertEquals(new Principal("alice", Set.of(Role.REVIEW, Role.DECIDE), "jwt"), p);
    }

    @Test
    void rolesComeFromAnArrayASpaceSeparatedStringOrADottedPath() {
        JWTClaimsSet claims = TestTokens.claims("bob")
                .claim("scope", "openid decide  review-pii")
                .claim("realm_access", Map.of("roles", List.of("offline_access", "admin", "uma_authorization")))
                .claim("https://credence.example/roles", List.of("review"))
                .build();

        assertEquals(Set.of(Role.DECIDE, Role.REVIEW_PII), JwtAuthenticator.roles(claims, "scope"));
        assertEquals(Set.of(Role.ADMIN), JwtAuthenticator.roles(claims, "realm_access.roles"));
        // A claim whose name has dots (as Auth0's namespaced claims) is taken whole first.
        assertEquals(Set.of(Role.REVIEW), JwtAuthenticator.roles(claims, "https://credence.example/roles"));
        assertEquals(Set.of(), JwtAuthenticator.roles(claims, "groups"));
        assertEquals(Set.of(), JwtAuthenticator.roles(claims, "realm_access.nothing.here"));
    }

    @Test
    void whyATokenIsRefusedIsToldToTheLogNotWithTheToken() {
        Instant past = Instant.now().minus(Duration.ofMinutes(10));
        String expired = IDP.es256(TestTokens.claims("carol", "decide").expirationTime(Date.from(past)).build());

        Authentication.Refused refused = assertInstanceOf(Authentication.Refused.class, check(authenticator("roles"), expired));

        assertTrue(refused.reason().toLowerCase().contains("expired"), refused.reason());
        assertFalse(refused.reason().contains(expired.split("\\.")[1]), refused.reason());
    }

    @Test
    void apiKeysAndNoTokenAreNotMine() {
        JwtAuthenticator a = authenticator("roles");
        assertEquals(Authentication.NOT_MINE, check(a, null));
        assertEquals(Authentication.NOT_MINE, check(a, "crd_" + "A".repeat(43)));
    }

    @Test
    void aJwksUrlMustBeHttpsUnlessItIsOnLoopback() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JwksSources.open("http://idp.example.com/certs", Duration.ofSeconds(1)));
        assertEquals("credence.security.jwks must be an https URL (http only on a loopback host such as 127.0.0.1),"
                + " was http://idp.example.com/certs", e.getMessage());
        assertTrue(JwksSources.loopback("127.0.0.1"));
        assertTrue(JwksSources.loopback("[::1]"));
        assertTrue(JwksSources.loopback("localhost"));
        assertFalse(JwksSources.loopback("10.0.0.1"));
        assertFalse(JwksSources.loopback("localhost.example.com"));
    }

    @Test
    void aJwksUrlOnLoopbackIsFetchedOnceAndCached() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        HttpServer idp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] jwks = IDP.publicKeys().toString().getBytes(StandardCharsets.UTF_8);
        idp.createContext("/certs", exchange -> {
            fetches.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        idp.start();
        try {
            String url = "http://127.0.0.1:" + idp.getAddress().getPort() + "/certs";
            JwtAuthenticator a = new JwtAuthenticator(JwksSources.open(url, Duration.ofSeconds(2)), TestTokens.ISSUER,
                    TestTokens.AUDIENCE, "roles", Duration.ofSeconds(60));

            assertInstanceOf(Authentication.Authenticated.class, check(a, IDP.eddsa(TestTokens.claims("dan", "decide").build())));
            assertInstanceOf(Authentication.Authenticated.class, check(a, IDP.rs256(TestTokens.claims("erin").build())));
            assertEquals(1, fetches.get());
        } finally {
            idp.stop(0);
        }
    }
}
