package io.credence.rules.service.main;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where the service's settings come from, each layer overriding the ones before it:
 * <ol>
 *   <li>{@value #DEFAULTS} in the jar (every {@code credence.*} key with its default);</li>
 *   <li>the configuration file: {@code serve --config FILE}, else {@value #DEFAULTS} in the working
 *       folder when there is one;</li>
 *   <li>environment variables: {@code CREDENCE_AUDIT_DB} for {@code credence.audit.db} (upper case,
 *       {@code .} and {@code -} as {@code _}) for every key the jar defines, and camel-main's mapping
 *       for {@code CAMEL_*} ({@code CAMEL_MAIN_SHUTDOWNTIMEOUT} is {@code camel.main.shutdowntimeout});</li>
 *   <li>JVM system properties {@code -Dcredence.*} and {@code -Dcamel.*};</li>
 *   <li>the command line: {@code serve} options and {@code -D} after {@code serve}.</li>
 * </ol>
 * The {@code credence.*} keys become {@link io.credence.rules.service.ServiceSettings}; the
 * {@code camel.*} keys go to camel-main as they are ({@link #camel()}).
 *
 * <pre>{@code
 * ConfigurationLayers layers = ConfigurationLayers.read(Optional.empty(), Path.of(""), System.getenv(),
 *         System.getProperties(), Map.of("credence.http.port", "9090"));
 * ServiceSettings settings = ServiceSettings.from(layers);
 * }</pre>
 *
 * @param defaults    {@value #DEFAULTS} in the jar
 * @param file        the configuration file (empty when there is none)
 * @param environment the {@code CREDENCE_*} and {@code CAMEL_*} variables, as keys
 * @param system      the {@code credence.*} and {@code camel.*} system properties
 * @param commandLine what the command line sets
 */
public record ConfigurationLayers(Layer defaults, Layer file, Layer environment, Layer system, Layer commandLine) {

    /** The name of the defaults in the jar, and of the configuration file looked for in the working folder. */
    public static final String DEFAULTS = "application.properties";

    /** The prefix of the service's own keys. */
    public static final String CREDENCE = "credence.";

    /** The prefix of camel-main's keys. */
    public static final String CAMEL = "camel.";

    /**
     * One source of settings.
     *
     * @param name   where the values come from, as a person would say it ({@code environment})
     * @param values the keys and values this layer gives
     */
    public record Layer(String name, Map<String, String> values) {
        public Layer {
            values = Map.copyOf(values);
        }
    }

    /** The layers, lowest first. */
    public List<Layer> layers() {
        return List.of(defaults, file, environment, system, commandLine);
    }

    /**
     * The five layers.
     *
     * @param config     {@code --config FILE}; empty = {@value #DEFAULTS} in {@code workingDir} if it exists
     * @param workingDir where an {@value #DEFAULTS} is looked for
     * @param env        the environment
     * @param system     the JVM's system properties
     * @param cli        what the command line sets, by key
     * @throws IllegalArgumentException naming the file when {@code --config} names one that does not exist
     */
    public static ConfigurationLayers read(Optional<Path> config, Path workingDir, Map<String, String> env,
                                           Properties system, Map<String, String> cli) {
        return of(configurationFile(config, workingDir), env, system, cli);
    }

    /**
     * The layers with {@code file} as the configuration file ({@link #NO_FILE} for none).
     *
     * @param env    the environment
     * @param system the JVM's system properties
     * @param cli    what the command line sets, by key
     */
    public static ConfigurationLayers of(Layer file, Map<String, String> env, Properties system, Map<String, String> cli) {
        Map<String, String> defaults = jarDefaults();
        Map<String, String> fromEnv = new LinkedHashMap<>();
        for (String key : defaults.keySet()) {
            if (!key.startsWith(CREDENCE)) {
                continue;   // camel.* keys: camel-main's mapping, below
            }
            String value = env.get(environmentName(key));
            if (value != null) {
                fromEnv.put(key, value);
            }
        }
        env.forEach((name, value) -> {
            if (name.startsWith("CAMEL_")) {
                fromEnv.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        Map<String, String> fromSystem = new LinkedHashMap<>();
        system.stringPropertyNames().stream().filter(k -> k.startsWith(CREDENCE) || k.startsWith(CAMEL))
                .forEach(k -> fromSystem.put(k, system.getProperty(k)));
        return new ConfigurationLayers(new Layer(DEFAULTS + " in the jar", defaults), file,
                new Layer("environment", fromEnv), new Layer("system properties", fromSystem),
                new Layer("command line", cli));
    }

    /** No configuration file. */
    public static final Layer NO_FILE = new Layer("no configuration file", Map.of());

    /**
     * {@code --config FILE} when given, else {@value #DEFAULTS} in {@code workingDir} when it exists, else
     * {@link #NO_FILE}.
     *
     * @throws IllegalArgumentException naming the file when {@code config} does not exist
     */
    public static Layer configurationFile(Optional<Path> config, Path workingDir) {
        if (config.isPresent()) {
            Path path = config.get();
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("--config " + path + ": no such file");
            }
            return new Layer("configuration file " + path, load(path));
        }
        Path local = workingDir.resolve(DEFAULTS);
        return Files.isRegularFile(local) ? new Layer("configuration file " + local.toAbsolutePath(), load(local)) : NO_FILE;
    }

    /** {@code CREDENCE_AUDIT_DB} for {@code credence.audit.db}: upper case, {@code .} and {@code -} as {@code _}. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * Every key with the value of the highest layer that gives it. camel-main reads its keys without
     * regard to case or dashes ({@code camel.main.shutdownTimeout}, {@code camel.main.shutdowntimeout},
     * {@code camel.main.shutdown-timeout}), so a higher layer's spelling replaces a lower one's.
     */
    public Properties merged() {
        Properties p = new Properties();
        for (Layer layer : layers()) {
            layer.values().forEach((key, value) -> {
                if (key.startsWith(CAMEL)) {
                    String canonical = canonicalCamelKey(key);
                    p.keySet().removeIf(k -> canonicalCamelKey(k.toString()).equals(canonical));
                }
                p.setProperty(key, value);
            });
        }
        return p;
    }

    private static String canonicalCamelKey(String key) {
        return key.toLowerCase(Locale.ROOT).replace("-", "");
    }

    /** The name of the layer {@code key}'s value comes from; empty when no layer gives it. */
    public Optional<String> origin(String key) {
        List<Layer> layers = layers();
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (layers.get(i).values().containsKey(key)) {
                return Optional.of(layers.get(i).name());
            }
        }
        return Optional.empty();
    }

    /**
     * What camel-main and the routes' {@code {{placeholders}}} see: every merged key but the secrets
     * ({@code *.password}), which stay with the service's own settings.
     */
    public Map<String, String> placeholders() {
        Map<String, String> all = new TreeMap<>();
        merged().forEach((k, v) -> {
            if (!k.toString().endsWith(".password")) {
                all.put(k.toString(), v.toString());
            }
        });
        return all;
    }

    /** The two files merged: the jar's defaults, overridden by the configuration file. */
    public Properties files() {
        Properties p = new Properties();
        p.putAll(defaults.values());
        p.putAll(file.values());
        return p;
    }

    /** The merged {@code camel.*} keys, for camel-main. */
    public Map<String, String> camel() {
        Map<String, String> camel = new TreeMap<>();
        merged().forEach((k, v) -> {
            if (k.toString().startsWith(CAMEL)) {
                camel.put(k.toString(), v.toString());
            }
        });
        return camel;
    }

    /** {@value #DEFAULTS} from the jar. */
    public static Map<String, String> jarDefaults() {
        Properties p = new Properties();
        try (InputStream in = ConfigurationLayers.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + DEFAULTS);
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULTS + " from the class path", e);
        }
        return toMap(p);
    }

    private static Map<String, String> load(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the configuration file " + file, e);
        }
        return toMap(p);
    }

    private static Map<String, String> toMap(Properties p) {
        Map<String, String> map = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
        return map;
    }
}
