package io.credence.rules.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a secret is read from: command line, -D, environment, file, application.properties, first found wins. */
class SecretSettingTest {

    static final SecretSetting PASSWORD = SecretSetting.AUDIT_PASSWORD;

    @TempDir
    Path dir;

    Properties defaults = new Properties();
    Map<String, String> system = new HashMap<>();
    Map<String, String> overrides = new HashMap<>();
    Map<String, String> env = new HashMap<>();

    String resolve() {
        Properties merged = new Properties();
        merged.putAll(defaults);
        system.forEach(merged::setProperty);
        overrides.forEach(merged::setProperty);
        return PASSWORD.resolve(defaults, system, overrides, merged, env);
    }

    Path file(String content) throws Exception {
        Path file = dir.resolve("password");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void eachSourceWinsOverTheOnesBelowIt() throws Exception {
        defaults.setProperty("credence.audit.password", "from-properties");
        assertEquals("from-properties", resolve());

        defaults.setProperty("credence.audit.password.file", file("from-file\n").toString());
        assertEquals("from-file", resolve());

        env.put("CREDENCE_AUDIT_PASSWORD", "from-env");
        assertEquals("from-env", resolve());

        system.put("credence.audit.password", "from-system-property");
        assertEquals("from-system-property", resolve());

        overrides.put("credence.audit.password", "from-command-line");
        assertEquals("from-command-line", resolve());
    }

    @Test
    void theFileMayBeNamedOnTheCommandLineAndLosesItsTrailingLineBreaks() throws Exception {
        overrides.put("credence.audit.password.file", file("s3cret with spaces \r\n\n").toString());

        assertEquals("s3cret with spaces ", resolve());
    }

    @Test
    void anUnreadableFileIsNamedButNeverItsContent() {
        overrides.put("credence.audit.password.file", dir.resolve("missing").toString());

        UncheckedIOException e = assertThrows(UncheckedIOException.class, this::resolve);

        assertTrue(e.getMessage().startsWith("credence.audit.password.file=" + dir.resolve("missing") + " cannot be read"),
                e.getMessage());
    }

    @Test
    void theServiceSettingsTakeThePasswordFromTheEnvironmentAndNeverPrintIt() {
        ServiceSettings settings = ServiceSettings.load(Map.of(), Map.of("CREDENCE_AUDIT_PASSWORD", "env-s3cret-42"));

        assertEquals("env-s3cret-42", settings.auditPassword());
        assertEquals("env-s3cret-42", settings.auditStore().password());
        assertFalse(settings.toString().contains("env-s3cret-42"), settings.toString());
        assertFalse(settings.auditStore().toString().contains("env-s3cret-42"), settings.auditStore().toString());
    }

    @Test
    void theServiceSettingsKeepTheSpacesOfAPasswordFromAFile() throws Exception {
        ServiceSettings settings = ServiceSettings.load(Map.of("credence.audit.password.file",
                file(" spaced s3cret \n").toString()), Map.of());

        assertEquals(" spaced s3cret ", settings.auditPassword());
    }

    @Test
    void theKeystorePasswordComesFromItsFile() throws Exception {
        Path password = file("keystore-s3cret\n");
        ServiceSettings settings = ServiceSettings.load(Map.of("credence.tls.keystore", "server.p12",
                "credence.tls.keystore.password.file", password.toString()), Map.of());

        assertEquals("keystore-s3cret", settings.tls().keystorePassword());
        assertFalse(settings.toString().contains("keystore-s3cret"), settings.toString());
        assertTrue(settings.toString().contains("https="), settings.toString());
    }

    @Test
    void aKeystoreWithoutAPasswordIsRefusedNamingWhereToPutIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServiceSettings.load(Map.of("credence.tls.keystore", "server.p12"), Map.of()));

        assertTrue(e.getMessage().contains("--tls-keystore-password-file"), e.getMessage());
    }

    @Test
    void theSettingsShowTheAuditUrlWithoutCredentials() {
        ServiceSettings settings = ServiceSettings.load(Map.of("credence.audit.db",
                "jdbc:postgresql://app:url-s3cret@db:5432/credence?password=url-s3cret"), Map.of());

        assertFalse(settings.toString().contains("url-s3cret"), settings.toString());
    }
}
