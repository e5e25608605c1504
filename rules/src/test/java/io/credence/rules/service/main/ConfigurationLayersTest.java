package io.credence.rules.service.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.service.ServiceSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented order, one layer at a time: each test gives a key a value in two adjacent layers
 * and finds the higher one's, so a swapped pair of layers fails its test.
 */
class ConfigurationLayersTest {

    @TempDir
    Path dir;

    final Map<String, String> env = new HashMap<>();
    final Properties system = new Properties();
    final Map<String, String> cli = new HashMap<>();

    ServiceSettings settings() {
        return ServiceSettings.from(layers());
    }

    ConfigurationLayers layers() {
        return ConfigurationLayers.read(Optional.empty(), dir, env, system, cli);
    }

    void workingDirFile(String text) throws Exception {
        Files.writeString(dir.resolve("application.properties"), text);
    }

    @Test
    void theJarsDefaultsApplyWhenNoLayerGivesAKey() {
        assertEquals(4, settings().httpWorkers());
        assertEquals("application.properties in the jar", layers().origin("credence.http.workers").orElseThrow());
        assertEquals("20", layers().camel().get("camel.main.shutdownTimeout"));
    }

    @Test
    void theWorkingFoldersFileOverridesTheJarsDefaults() throws Exception {
        workingDirFile("credence.http.workers=7\ncamel.main.shutdownTimeout=9\n");

        assertEquals(7, settings().httpWorkers());
        assertEquals("9", layers().camel().get("camel.main.shutdownTimeout"));
    }

    @Test
    void configNamesTheFileInsteadOfTheWorkingFolders() throws Exception {
        workingDirFile("credence.http.workers=7\n");
        Path other = dir.resolve("credence.properties");
        Files.writeString(other, "credence.http.port=9191\n");

        ConfigurationLayers layers = ConfigurationLayers.read(Optional.of(other), dir, env, system, cli);
        ServiceSettings settings = ServiceSettings.from(layers);

        assertEquals(9191, settings.httpPort());
        assertEquals(4, settings.httpWorkers(), "./application.properties is not read when --config names a file");
    }

    @Test
    void aConfigFileThatDoesNotExistIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigurationLayers.read(
                Optional.of(dir.resolve("nope.properties")), dir, env, system, cli));
        assertEquals("--config " + dir.resolve("nope.properties") + ": no such file", e.getMessage());
    }

    @Test
    void theEnvironmentOverridesTheConfigurationFile() throws Exception {
        workingDirFile("credence.audit.db=jdbc:h2:file:./from-file\ncredence.http.max-body-bytes=1000\n"
                + "camel.main.shutdownTimeout=9\n");
        env.put("CREDENCE_AUDIT_DB", "jdbc:h2:file:./from-env");
        env.put("CREDENCE_HTTP_MAX_BODY_BYTES", "2000");
        env.put("CAMEL_MAIN_SHUTDOWNTIMEOUT", "11");

        assertEquals("jdbc:h2:file:./from-env", settings().auditDb());
        assertEquals(2000, settings().maxBodyBytes(), "dashes are underscores in the variable's name");
        assertEquals("11", layers().camel().get("camel.main.shutdowntimeout"),
                "camel-main's mapping");
        assertEquals(null, layers().camel().get("camel.main.shutdownTimeout"),
                "the file's spelling of the same key is replaced, not kept beside it");
        assertEquals("environment", layers().origin("credence.audit.db").orElseThrow());
    }

    @Test
    void systemPropertiesOverrideTheEnvironment() {
        env.put("CREDENCE_AUDIT_DB", "jdbc:h2:file:./from-env");
        env.put("CAMEL_MAIN_SHUTDOWNTIMEOUT", "11");
        system.setProperty("credence.audit.db", "jdbc:h2:file:./from-system");
        system.setProperty("camel.main.shutdownTimeout", "12");
        system.setProperty("user.name", "not a setting");

        assertEquals("jdbc:h2:file:./from-system", settings().auditDb());
        assertEquals("12", layers().camel().get("camel.main.shutdownTimeout"));
        assertEquals(null, layers().camel().get("camel.main.shutdowntimeout"));
        assertFalse(layers().merged().containsKey("user.name"));
    }

    @Test
    void theCommandLineOverridesSystemProperties() {
        system.setProperty("credence.audit.db", "jdbc:h2:file:./from-system");
        system.setProperty("camel.main.routesIncludePattern", "file:/from-system/*.yaml");
        cli.put("credence.audit.db", "jdbc:h2:file:./from-cli");
        cli.put("camel.main.routesIncludePattern", "file:/from-cli/*.yaml");

        assertEquals("jdbc:h2:file:./from-cli", settings().auditDb());
        assertEquals("file:/from-cli/*.yaml", layers().camel().get("camel.main.routesIncludePattern"));
        assertEquals("command line", layers().origin("credence.audit.db").orElseThrow());
    }

    @Test
    void onlyKeysTheJarDefinesAreTakenFromTheEnvironment() {
        env.put("CREDENCE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1/x");
        env.put("PATH", "/usr/bin");

        assertFalse(layers().merged().containsKey("credence.test.pg.url"));
        assertFalse(layers().environment().values().containsKey("path"));
    }

    @Test
    void secretsFromTheEnvironmentStayOutOfWhatCamelSees() {
        env.put("CREDENCE_AUDIT_PASSWORD", "env-s3cret-42");

        assertEquals("env-s3cret-42", settings().auditPassword());
        assertFalse(layers().placeholders().containsKey("credence.audit.password"));
        assertTrue(layers().placeholders().containsKey("credence.audit.db"));
        assertFalse(layers().placeholders().toString().contains("env-s3cret-42"));
    }

    @Test
    void aSecretFileNamedInTheConfigurationFileBeatsAPasswordWrittenThere() throws Exception {
        Path secret = dir.resolve("password");
        Files.writeString(secret, "from-secret-file\n");
        workingDirFile("credence.audit.password=from-config\ncredence.audit.password.file=" + secret + "\n");

        assertEquals("from-secret-file", settings().auditPassword());
        env.put("CREDENCE_AUDIT_PASSWORD", "from-env");
        assertEquals("from-env", settings().auditPassword());
    }
}
