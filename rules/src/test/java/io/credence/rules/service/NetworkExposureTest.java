package io.credence.rules.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the service may listen without authentication, and what it says about it at start. */
class NetworkExposureTest {

    static ServiceSettings settings(String... keyValues) {
        Map<String, String> s = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            s.put(keyValues[i], keyValues[i + 1]);
        }
        return ServiceSettings.load(s, Map.of());
    }

    @Test
    void listensOnLoopbackOnlyByDefaultAndSaysSo() {
        ServiceSettings defaults = settings();
        NetworkExposure exposure = NetworkExposure.of(defaults);

        assertEquals("127.0.0.1", defaults.httpHost());
        assertFalse(defaults.securityConfigured());
        assertTrue(exposure.refusal().isEmpty());
        assertEquals(List.of("no authentication is configured: listening on loopback only; see docs/security.md"),
                exposure.notices());
        assertEquals(List.of(), exposure.warnings());
    }

    @Test
    void loopbackNamesAndAddressesAreLoopback() {
        for (String host : List.of("127.0.0.1", "127.0.0.2", "::1", "localhost")) {
            assertTrue(NetworkExposure.isLoopback(host), host);
        }
        for (String host : List.of("0.0.0.0", "::", "192.0.2.10", "10.1.2.3", "", "no-such-host.invalid")) {
            assertFalse(NetworkExposure.isLoopback(host), host);
        }
    }

    @Test
    void refusesEveryNonLoopbackHostWithoutAuthenticationNamingWhatToConfigure() {
        for (String host : List.of("0.0.0.0", "::", "192.0.2.10")) {
            String refusal = NetworkExposure.of(settings("credence.http.host", host)).refusal().orElseThrow();

            assertTrue(refusal.contains("refusing to listen on " + host), refusal);
            for (String option : List.of("--api-keys", "--jwks", "--issuer", "--audience", "--users", "--tls-cert",
                    "--tls-keystore", "--insecure", "docs/security.md")) {
                assertTrue(refusal.contains(option), option + " in: " + refusal);
            }
        }
    }

    @Test
    void startingRefusesBeforeAnythingIsOpened() {
        ExposureRefusedException e = assertThrows(ExposureRefusedException.class, () -> ServiceRuntime.start(
                settings("credence.http.host", "0.0.0.0"), store -> {
                    throw new AssertionError("the audit log was opened");
                }));

        assertTrue(e.getMessage().startsWith("refusing to listen on 0.0.0.0"), e.getMessage());
        assertEquals(2, ExposureRefusedException.EXIT_CODE);
    }

    @Test
    void anyAuthenticationSettingAllowsANetworkHost() {
        for (String key : List.of("credence.security.api-keys", "credence.security.jwks", "credence.security.users")) {
            // A JWK set needs its issuer and audience (SecuritySettings refuses it alone).
            ServiceSettings secured = settings("credence.http.host", "0.0.0.0", key, "/etc/credence/x",
                    "credence.security.issuer", "https://idp.example", "credence.security.audience", "credence");

            assertTrue(secured.securityConfigured(), key);
            assertTrue(NetworkExposure.of(secured).refusal().isEmpty(), key);
        }
    }

    @Test
    void warnsThatTokensTravelInClearWithoutTls() {
        NetworkExposure exposure = NetworkExposure.of(settings("credence.http.host", "0.0.0.0",
                "credence.security.api-keys", "/etc/credence/api-keys"));

        assertEquals(1, exposure.warnings().size(), exposure.warnings().toString());
        assertTrue(exposure.warnings().get(0).contains("clear text"), exposure.warnings().get(0));
        assertTrue(NetworkExposure.of(settings("credence.security.api-keys", "/etc/credence/api-keys")).warnings().isEmpty(),
                "on loopback nothing travels on a network");
    }

    @Test
    void insecureStartsOnANetworkHostAndWarnsEveryTime() {
        NetworkExposure network = NetworkExposure.of(settings("credence.http.host", "0.0.0.0", "credence.security.insecure", "true"));
        NetworkExposure loopback = NetworkExposure.of(settings("credence.security.insecure", "true"));

        assertTrue(network.refusal().isEmpty());
        assertTrue(network.warnings().get(0).startsWith("--insecure: no authentication is configured and the service"
                + " listens on 0.0.0.0"), network.warnings().toString());
        assertTrue(loopback.warnings().get(0).startsWith("--insecure"), loopback.warnings().toString());
    }
}
