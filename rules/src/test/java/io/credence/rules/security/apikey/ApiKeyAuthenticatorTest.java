package io.credence.rules.security.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.credence.rules.security.Authentication;
import io.credence.rules.security.Principal;
import io.credence.rules.security.RequestCredentials;
import io.credence.rules.security.Role;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeyAuthenticatorTest {

    @TempDir
    Path dir;

    static RequestCredentials bearer(String token) {
        return new RequestCredentials(token, Map.of());
    }

    @Test
    void newKeysArePrefixedRandom256BitKeys() {
        String a = ApiKey.newKey();
        String b = ApiKey.newKey();

        assertTrue(a.startsWith("crd_"), a);
        // 32 bytes in base64url without padding are 43 characters.
        assertEquals(4 + 43, a.length());
        assertTrue(a.substring(4).matches("[A-Za-z0-9_-]{43}"), a);
        assertNotEquals(a, b);
    }

    @Test
    void theFileKeepsOnlyTheHashOwnerReadableOnly() throws Exception {
        Path file = dir.resolve("keys.json");
        String key = ApiKey.newKey();
        ApiKeyFile.write(file, List.of(ApiKey.of("loan-portal", Set.of(Role.DECIDE), Instant.now(), key)));

        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertFalse(text.contains(key), text);
        assertFalse(text.contains(key.substring(4)), text);
        assertTrue(text.contains("\"loan-portal\"") && text.contains("\"decide\""), text);
        assumeTrue(file.getFileSystem().supportedFileAttributeViews().contains("posix"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aStoredKeyProvesItsNameAndRoles() {
        Path file = dir.resolve("keys.json");
        String key = ApiKey.newKey();
        ApiKeyFile.write(file, List.of(ApiKey.of("other", Set.of(Role.ADMIN), Instant.now(), ApiKey.newKey()),
                ApiKey.of("loan-portal", Set.of(Role.DECIDE, Role.REVIEW), Instant.now(), key)));

        Authentication result = ApiKeyAuthenticator.open(file).authenticate(bearer(key));

        Principal p = assertInstanceOf(Authentication.Authenticated.class, result).principal();
        assertEquals(new Principal("loan-portal", Set.of(Role.DECIDE, Role.REVIEW), "api-key"), p);
        assertEquals("api-key:loan-portal", p.id());
    }

    @Test
    void anUnknownKeyIsRefusedAndOtherTokensAreNotMine() {
        Path file = dir.resolve("keys.json");
        ApiKeyFile.write(file, List.of(ApiKey.of("a", Set.of(Role.DECIDE), Instant.now(), ApiKey.newKey())));
        ApiKeyAuthenticator keys = ApiKeyAuthenticator.open(file);

        assertInstanceOf(Authentication.Refused.class, keys.authenticate(bearer(ApiKey.newKey())));
        assertEquals(Authentication.NOT_MINE, keys.authenticate(bearer("eyJhbGciOiJSUzI1NiJ9.e30.sig")));
        assertEquals(Authentication.NOT_MINE, keys.authenticate(bearer(null)));
    }

    @Test
    void aRevokedKeyIsRefusedOnTheNextCallWithoutReopening() {
        Path file = dir.resolve("keys.json");
        String keep = ApiKey.newKey();
        String revoke = ApiKey.newKey();
        ApiKey kept = ApiKey.of("keep", Set.of(Role.DECIDE), Instant.now(), keep);
        ApiKeyFile.write(file, List.of(kept, ApiKey.of("revoke", Set.of(Role.DECIDE), Instant.now(), revoke)));
        ApiKeyAuthenticator keys = ApiKeyAuthenticator.open(file);
        assertInstanceOf(Authentication.Authenticated.class, keys.authenticate(bearer(revoke)));

        ApiKeyFile.write(file, List.of(kept));

        assertInstanceOf(Authentication.Refused.class, keys.authenticate(bearer(revoke)));
        assertInstanceOf(Authentication.Authenticated.class, keys.authenticate(bearer(keep)));
    }

    @Test
    void aKeyAddedLaterWorksWithoutReopening() {
        Path file = dir.resolve("keys.json");
        ApiKey first = ApiKey.of("first", Set.of(), Instant.now(), ApiKey.newKey());
        ApiKeyFile.write(file, List.of(first));
        ApiKeyAuthenticator keys = ApiKeyAuthenticator.open(file);
        String later = ApiKey.newKey();

        ApiKeyFile.write(file, List.of(first, ApiKey.of("later", Set.of(Role.REVIEW), Instant.now(), later)));

        assertInstanceOf(Authentication.Authenticated.class, keys.authenticate(bearer(later)));
    }

    @Test
    void aFileThatBreaksOrDisappearsRefusesEveryKeyUntilFixed() throws Exception {
        Path file = dir.resolve("keys.json");
        String key = ApiKey.newKey();
        List<ApiKey> good = List.of(ApiKey.of("a", Set.of(Role.DECIDE), Instant.now(), key));
        ApiKeyFile.write(file, good);
        ApiKeyAuthenticator keys = ApiKeyAuthenticator.open(file);

        Files.writeString(file, "{\"format\": 1, \"keys\": [{\"name\": \"a\"", StandardCharsets.UTF_8);
        assertInstanceOf(Authentication.Refused.class, keys.authenticate(bearer(key)));
        Files.delete(file);
        assertInstanceOf(Authentication.Refused.class, keys.authenticate(bearer(key)));
        ApiKeyFile.write(file, good);
        assertInstanceOf(Authentication.Authenticated.class, keys.authenticate(bearer(key)));
    }

    @Test
    void aMissingOrBrokenFileStopsTheStartNamingTheFile() throws Exception {
        Path missing = dir.resolve("nope.json");
        UncheckedIOException gone = assertThrows(UncheckedIOException.class, () -> ApiKeyAuthenticator.open(missing));
        assertTrue(gone.getMessage().contains(missing.toString()), gone.getMessage());

        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"format\": 1, \"keys\": [{\"name\": \"a\", \"roles\": [\"boss\"],"
                + " \"createdAt\": \"2026-01-01T00:00:00Z\", \"sha256\": \"" + "0".repeat(64) + "\"}]}");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ApiKeyAuthenticator.open(broken));
        assertEquals("API key file " + broken + ", key 1: unknown role 'boss', expected one of decide, review,"
                + " review-pii, admin, metrics", bad.getMessage());
    }
}
