package io.credence.rules.service;

import io.credence.rules.security.SecretFile;
import io.credence.rules.service.main.ConfigurationLayers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A setting that holds a secret, and where it is read from, first found wins:
 * <ol>
 *   <li>the command line: a {@code serve} option or {@code -Dkey=value} after {@code serve}
 *       (visible in the process list: {@code serve} warns);</li>
 *   <li>a JVM system property {@code -Dkey=value} (also on the command line);</li>
 *   <li>the environment variable {@link #env()};</li>
 *   <li>the file named by {@link #fileKey()} ({@code key.file}, itself a plain setting), trailing
 *       line breaks stripped;</li>
 *   <li>the configuration file ({@code --config FILE} or {@code ./application.properties});</li>
 *   <li>{@code application.properties} in the jar.</li>
 * </ol>
 *
 * <pre>{@code
 * String password = SecretSetting.AUDIT_PASSWORD.resolve(defaults, system, overrides, merged, System.getenv());
 * }</pre>
 *
 * @param key the setting, e.g. {@code credence.audit.password}
 * @param env the environment variable, e.g. {@code CREDENCE_AUDIT_PASSWORD}
 */
record SecretSetting(String key, String env) {

    static final SecretSetting AUDIT_PASSWORD = new SecretSetting("credence.audit.password", "CREDENCE_AUDIT_PASSWORD");
    static final SecretSetting TLS_KEYSTORE_PASSWORD = new SecretSetting("credence.tls.keystore.password",
            "CREDENCE_TLS_KEYSTORE_PASSWORD");

    /** Every secret setting of the service. */
    static final List<SecretSetting> ALL = List.of(AUDIT_PASSWORD, TLS_KEYSTORE_PASSWORD);

    /** The setting naming a file that holds the secret. */
    String fileKey() {
        return key + ".file";
    }

    /**
     * The secret.
     *
     * @param defaults  application.properties
     * @param system    the JVM's {@code credence.*} system properties
     * @param overrides the command line's settings
     * @param merged    every layer merged (where the file setting is read from)
     * @param env       the environment
     */
    String resolve(Properties defaults, Map<String, String> system, Map<String, String> overrides, Properties merged,
                   Map<String, String> env) {
        if (overrides.containsKey(key)) {
            return overrides.get(key);
        }
        if (system.containsKey(key)) {
            return system.get(key);
        }
        String fromEnv = env.get(this.env);
        if (fromEnv != null) {
            return fromEnv;
        }
        String file = merged.getProperty(fileKey(), "").strip();
        if (!file.isEmpty()) {
            return read(Path.of(file));
        }
        return defaults.getProperty(key, "");
    }

    /** The secret from the layers of {@code layers}, in the order above. */
    String resolve(ConfigurationLayers layers) {
        String fromEnv = layers.environment().values().get(key);
        return resolve(layers.files(), layers.system().values(), layers.commandLine().values(), layers.merged(),
                fromEnv == null ? Map.of() : Map.of(env, fromEnv));
    }

    private String read(Path file) {
        return SecretFile.read(file, fileKey() + "=" + file, "the value of " + key);
    }
}
