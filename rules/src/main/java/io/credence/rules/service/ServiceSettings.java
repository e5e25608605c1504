package io.credence.rules.service;

import io.credence.rules.audit.AuditStoreSettings;
import io.credence.rules.audit.proof.ProofSettings;
import io.credence.rules.notice.NoticeSettings;
import io.credence.rules.security.SecuritySettings;
import io.credence.rules.service.batch.BatchSettings;
import io.credence.rules.security.session.SignInSettings;
import io.credence.rules.service.routes.KafkaSettings;
import io.credence.rules.service.main.ConfigurationLayers;
import io.credence.rules.service.reload.ModelsWatch;
import io.credence.rules.service.tls.TlsSettings;
import io.credence.rules.drift.DriftSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Service configuration, the one typed view of the {@code credence.*} keys: {@value #RESOURCE} on the
 * classpath, overridden by a configuration file, by environment variables ({@code CREDENCE_AUDIT_DB}),
 * by {@code credence.*} system properties, and by what the caller passes (command-line options); see
 * {@link ConfigurationLayers}. Secrets
 * ({@code credence.audit.password}, {@code credence.tls.keystore.password}) are also read from an
 * environment variable or a file: see {@link SecretSetting} for the order.
 *
 * @param httpHost           {@code credence.http.host}: interface the HTTP server binds
 * @param httpPort           {@code credence.http.port}
 * @param maxBodyBytes       {@code credence.http.max-body-bytes}: larger request bodies get 413
 * @param httpWorkers        {@code credence.http.workers}: threads that run HTTP routes; a decision
 *                           holds one only while it is read and decided (its audit commit is waited
 *                           for by nobody), any other route for the whole request
 * @param fileEnabled        {@code credence.file.enabled}: run the file batch route
 * @param fileInput          {@code credence.file.input}: folder polled for *.jsonl and *.csv
 * @param fileOutput         {@code credence.file.output}: folder the *.results.jsonl files go to
 * @param fileBatch          {@code credence.file.max-line-bytes}, {@code credence.file.sync-every} and
 *                           {@code credence.file.concurrency}: how one batch file is read and written
 * @param fileRetryDelay     {@code credence.file.retry-delay}: how long a file that stopped part-way (audit log
 *                           unavailable) waits before it is tried again, resuming where it stopped
 * @param kafkaEnabled       {@code credence.kafka.enabled}: run the Kafka route
 * @param kafkaBrokers       {@code credence.kafka.brokers}
 * @param applicationsTopic  {@code credence.kafka.applications-topic}
 * @param decisionsTopic     {@code credence.kafka.decisions-topic}
 * @param errorsTopic        {@code credence.kafka.errors-topic}: rejections and failures
 * @param kafkaGroupId       {@code credence.kafka.group-id}
 * @param kafkaMaxMessageBytes {@code credence.kafka.max-message-bytes}: larger application messages are rejected
 * @param kafkaRetryBackoff  {@code credence.kafka.retry-backoff}: first pause when the audit log or the broker
 *                           refuses a message (it is read again, uncommitted); doubles with each refusal in a row
 * @param kafkaRetryBackoffMax {@code credence.kafka.retry-backoff-max}: longest such pause
 * @param kafkaDeliveryTimeout {@code credence.kafka.delivery-timeout}: longest a reply may take to be acknowledged
 *                           by the broker, retries included
 * @param auditDb            {@code credence.audit.db}: JDBC URL of the audit log
 * @param auditUser          {@code credence.audit.user}
 * @param auditPassword      {@code credence.audit.password}, or env {@code CREDENCE_AUDIT_PASSWORD}, or the
 *                           file {@code credence.audit.password.file}; never printed
 * @param auditAppendTimeout {@code credence.audit.append-timeout}: an append not durable within it answers
 *                           503 with {@code Retry-After}; also the lock timeout on the chain head
 * @param auditStatementTimeout {@code credence.audit.statement-timeout}: longest one statement may run
 * @param auditConnectTimeout {@code credence.audit.connect-timeout}: longest a new connection may take
 * @param modelsDir          {@code credence.models.dir}: model packages folder; empty = the classpath index
 * @param executionProvider  {@code credence.execution-provider}: auto, cpu or cuda[:id]
 * @param microBatch         {@code credence.models.micro-batch}: most rows concurrent scoring calls
 *                           combine into one ONNX Runtime call; 1 = every call alone
 * @param proofs             {@code credence.audit.signing-key}, {@code credence.audit.checkpoints},
 *                           {@code credence.audit.checkpoint-every} and {@code -interval}: signed checkpoints
 * @param security           {@code credence.security.*}: API keys and bearer tokens; neither = access control off
 * @param tls                {@code credence.tls.cert} and {@code credence.tls.key}, or {@code credence.tls.keystore}
 *                           with its password: HTTPS; {@link TlsSettings#NONE} for plain HTTP
 * @param signIn             {@code credence.security.users} (the users file of browser sign-in; empty = none)
 *                           and {@code credence.security.session-idle-timeout}; null = {@link SignInSettings#NONE}
 * @param insecure           {@code credence.security.insecure}: start on a non-loopback host without
 *                           authentication (warned about on every start)
 * @param rulesDir           {@code credence.rules.dir}: a policy folder to decide with instead of the
 *                           built-in KJAR ({@code credence rules export} writes one); null = the KJAR
 * @param notice             {@code credence.notice.*}: the creditor and the federal agency the adverse action
 *                           notice names, and the time zone of its dates (docs/notice.md)
 * @param drift              {@code credence.drift.*}: the drift monitor's window and warning threshold
 *                           (docs/operations.md); null = {@link DriftSettings#DEFAULT}
 * @param modelTrust         {@code credence.models.trusted-keys} (a folder of {@code *.pub} keys trusted besides the
 *                           release key; empty = none) and {@code credence.models.allow-unsigned}: which model
 *                           packages serve (docs/models.md)
 * @param modelsWatch        {@code credence.models.watch} and {@code credence.models.watch-interval}: reload the
 *                           models when the models folder changes (only with {@code credence.models.dir});
 *                           null = on, every 2 s
 */
public record ServiceSettings(String httpHost, int httpPort, long maxBodyBytes, int httpWorkers, boolean fileEnabled, Path fileInput,
                              Path fileOutput, BatchSettings fileBatch, Duration fileRetryDelay,
                              boolean kafkaEnabled, String kafkaBrokers, String applicationsTopic,
                              String decisionsTopic, String errorsTopic, String kafkaGroupId, int kafkaMaxMessageBytes,
                              Duration kafkaRetryBackoff, Duration kafkaRetryBackoffMax, Duration kafkaDeliveryTimeout,
                              String auditDb,
                              String auditUser, String auditPassword, Duration auditAppendTimeout,
                              Duration auditStatementTimeout, Duration auditConnectTimeout, Path modelsDir,
                              String executionProvider, int microBatch, ProofSettings proofs,
                              SecuritySettings security, TlsSettings tls,
                              SignInSettings signIn, boolean insecure, Path rulesDir, NoticeSettings notice,
                              DriftSettings drift,
                              ModelTrust modelTrust, ModelsWatch modelsWatch) {

    /** Classpath defaults. */
    public static final String RESOURCE = "application.properties";

    public ServiceSettings {
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("credence.http.port must be 0..65535, was " + httpPort);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("credence.http.max-body-bytes must be at least 1, was " + maxBodyBytes);
        }
        if (microBatch < 1) {
            throw new IllegalArgumentException("credence.models.micro-batch must be at least 1, was " + microBatch);
        }
        if (httpWorkers < 1) {
            throw new IllegalArgumentException("credence.http.workers must be at least 1, was " + httpWorkers);
        }
        if (kafkaEnabled && (kafkaBrokers == null || kafkaBrokers.isBlank())) {
            throw new IllegalArgumentException("credence.kafka.brokers is required when credence.kafka.enabled=true");
        }
        if (kafkaEnabled) {
            // Validates the rest of the Kafka group.
            new KafkaSettings(kafkaBrokers, applicationsTopic, decisionsTopic, errorsTopic, kafkaGroupId,
                    kafkaMaxMessageBytes, kafkaRetryBackoff, kafkaRetryBackoffMax, kafkaDeliveryTimeout);
        }
        tls = tls == null ? TlsSettings.NONE : tls;
        signIn = signIn == null ? SignInSettings.NONE : signIn;
        modelsWatch = modelsWatch == null ? new ModelsWatch(true, Duration.ofSeconds(2)) : modelsWatch;
        if (notice == null) {
            throw new IllegalArgumentException("the credence.notice.* settings are required (docs/notice.md)");
        }
        drift = drift == null ? DriftSettings.DEFAULT : drift;
        modelTrust = modelTrust == null ? ModelTrust.DEFAULT : modelTrust;
    }

    /**
     * Defaults from the classpath, then the environment, then system properties, then {@code overrides}
     * (no configuration file: that is {@link #from(ConfigurationLayers)}).
     */
    public static ServiceSettings load(Map<String, String> overrides) {
        return load(overrides, System.getenv());
    }

    /**
     * Defaults from the classpath, then {@code env} ({@code CREDENCE_AUDIT_DB} for {@code credence.audit.db}),
     * then system properties, then {@code overrides}; secrets also from a file, in the order
     * {@link SecretSetting} gives.
     */
    public static ServiceSettings load(Map<String, String> overrides, Map<String, String> env) {
        return from(ConfigurationLayers.of(ConfigurationLayers.NO_FILE, env, System.getProperties(), overrides));
    }

    /**
     * The {@code credence.*} keys of {@code layers} (see {@link ConfigurationLayers} for the order), secrets
     * also from a file ({@link SecretSetting}).
     *
     * <pre>{@code
     * ServiceSettings settings = ServiceSettings.from(ConfigurationLayers.read(Optional.of(Path.of("credence.properties")),
     *         Path.of(""), System.getenv(), System.getProperties(), Map.of()));
     * }</pre>
     */
    public static ServiceSettings from(ConfigurationLayers layers) {
        Properties p = layers.merged();
        for (SecretSetting secret : SecretSetting.ALL) {
            p.setProperty(secret.key(), secret.resolve(layers));
        }
        return from(p);
    }

    /** Settings from properties; every key must be present. */
    public static ServiceSettings from(Properties p) {
        String models = get(p, "credence.models.dir");
        return new ServiceSettings(get(p, "credence.http.host"), integer(p, "credence.http.port"),
                longValue(p, "credence.http.max-body-bytes"), integer(p, "credence.http.workers"),
                bool(p, "credence.file.enabled"),
                Path.of(get(p, "credence.file.input")), Path.of(get(p, "credence.file.output")),
                new BatchSettings(integer(p, "credence.file.max-line-bytes"), integer(p, "credence.file.sync-every"),
                        integer(p, "credence.file.concurrency")),
                duration(p, "credence.file.retry-delay"),
                bool(p, "credence.kafka.enabled"), get(p, "credence.kafka.brokers"),
                get(p, "credence.kafka.applications-topic"), get(p, "credence.kafka.decisions-topic"),
                get(p, "credence.kafka.errors-topic"), get(p, "credence.kafka.group-id"),
                integer(p, "credence.kafka.max-message-bytes"), duration(p, "credence.kafka.retry-backoff"),
                duration(p, "credence.kafka.retry-backoff-max"), duration(p, "credence.kafka.delivery-timeout"),
                get(p, "credence.audit.db"),
                get(p, "credence.audit.user"), secret(p, "credence.audit.password"),
                duration(p, "credence.audit.append-timeout"), duration(p, "credence.audit.statement-timeout"),
                duration(p, "credence.audit.connect-timeout"),
                models.isBlank() ? null : Path.of(models), get(p, "credence.execution-provider"),
                integer(p, "credence.models.micro-batch"),
                new ProofSettings(path(p, "credence.audit.signing-key"), path(p, "credence.audit.checkpoints"),
                        longValue(p, "credence.audit.checkpoint-every"), duration(p, "credence.audit.checkpoint-interval")),
                security(p), tls(p),
                new SignInSettings(path(p, "credence.security.users"), duration(p, "credence.security.session-idle-timeout")),
                bool(p, "credence.security.insecure"), optionalPath(p, "credence.rules.dir"),
                NoticeSettings.of(get(p, "credence.notice.creditor-name"), get(p, "credence.notice.creditor-address"),
                        get(p, "credence.notice.agency-name"), get(p, "credence.notice.agency-address"),
                        get(p, "credence.notice.time-zone")).withReportingAgency(
                        optional(p, "credence.notice.reporting-agency-name"),
                        optional(p, "credence.notice.reporting-agency-address"),
                        optional(p, "credence.notice.reporting-agency-phone")), drift(p),
                new ModelTrust(optionalPath(p, "credence.models.trusted-keys"), bool(p, "credence.models.allow-unsigned")),
                modelsWatch(p));
    }

    /** {@code credence.models.watch} (default true) and {@code credence.models.watch-interval} (default 2s). */
    static ModelsWatch modelsWatch(Properties p) {
        Properties withDefaults = new Properties();
        withDefaults.setProperty("credence.models.watch", p.getProperty("credence.models.watch", "true"));
        withDefaults.setProperty("credence.models.watch-interval", p.getProperty("credence.models.watch-interval", "2s"));
        return new ModelsWatch(bool(withDefaults, "credence.models.watch"), duration(withDefaults, "credence.models.watch-interval"));
    }

    /** The {@code credence.drift.*} keys; an empty {@code max-age} = a window by count only. */
    static DriftSettings drift(Properties p) {
        String warnAbove = get(p, "credence.drift.warn-above");
        double threshold;
        try {
            threshold = Double.parseDouble(warnAbove);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("credence.drift.warn-above must be a number, was " + warnAbove, e);
        }
        return new DriftSettings(integer(p, "credence.drift.window"),
                get(p, "credence.drift.max-age").isEmpty() ? null : duration(p, "credence.drift.max-age"), threshold,
                integer(p, "credence.drift.min-applications"), integer(p, "credence.drift.check-every"));
    }

    /** The {@code credence.security.*} keys; an empty path or JWKS location switches that part off. */
    static SecuritySettings security(Properties p) {
        String keys = get(p, "credence.security.api-keys");
        return new SecuritySettings(keys.isBlank() ? null : Path.of(keys), get(p, "credence.security.jwks"),
                get(p, "credence.security.issuer"), get(p, "credence.security.audience"),
                get(p, "credence.security.roles-claim"), duration(p, "credence.security.clock-skew"),
                duration(p, "credence.security.jwks-timeout"));
    }

    /** The Kafka channel's topics, group and bounds. */
    public KafkaSettings kafka() {
        return new KafkaSettings(kafkaBrokers, applicationsTopic, decisionsTopic, errorsTopic, kafkaGroupId,
                kafkaMaxMessageBytes, kafkaRetryBackoff, kafkaRetryBackoffMax, kafkaDeliveryTimeout);
    }

    /**
     * True when any way to authenticate callers is configured: {@code credence.security.api-keys},
     * {@code credence.security.jwks} or {@code credence.security.users}. Without it the service
     * listens on loopback only (see {@link NetworkExposure}).
     */
    public boolean securityConfigured() {
        return security.enabled() || signIn.enabled();
    }

    private static TlsSettings tls(Properties p) {
        Path keystore = path(p, "credence.tls.keystore");
        if (keystore != null) {
            String password = secret(p, "credence.tls.keystore.password");
            return TlsSettings.keystore(keystore, password.isEmpty() ? null : password);
        }
        return new TlsSettings(path(p, "credence.tls.cert"), path(p, "credence.tls.key"), null, null);
    }

    /** A secret as given: not stripped, a space may belong to it. */
    private static String secret(Properties p, String key) {
        get(p, key);
        return p.getProperty(key);
    }

    private static Path path(Properties p, String key) {
        String value = get(p, key);
        return value.isEmpty() ? null : Path.of(value);
    }

    private static String optional(Properties p, String key) {
        String value = get(p, key);
        return value.isEmpty() ? null : value;
    }

    /** The audit store's location and bounds. */
    public AuditStoreSettings auditStore() {
        return new AuditStoreSettings(auditDb, auditUser, auditPassword, auditAppendTimeout, auditStatementTimeout,
                auditConnectTimeout, AuditStoreSettings.DEFAULT_POOL_SIZE);
    }

    @Override
    public String toString() {
        // Never a password or key: paths and URLs without credentials only.
        return "ServiceSettings[http" + (tls.enabled() ? "s" : "") + "=" + httpHost + ":" + httpPort + ", tls=" + tls
                + ", securityConfigured=" + securityConfigured() + ", audit=" + auditStore() + "]";
    }

    /** {@code 2s}, {@code 500ms}, {@code 1m} or an ISO-8601 duration ({@code PT2S}). */
    static Duration duration(Properties p, String key) {
        String value = get(p, key);
        try {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*(ms|s|m)").matcher(value);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    default -> Duration.ofMinutes(n);
                };
            }
            return Duration.parse(value);
        } catch (java.time.format.DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a duration such as 2s, 500ms or PT2S, was " + value, e);
        }
    }

    private static String get(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("configuration key " + key + " is missing (see " + RESOURCE + ")");
        }
        return value.strip();
    }

    /** A path, or null when the setting is empty. */
    private static Path optionalPath(Properties p, String key) {
        String value = get(p, key);
        return value.isEmpty() ? null : Path.of(value);
    }

    private static int integer(Properties p, String key) {
        String value = get(p, key);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was " + value, e);
        }
    }

    private static long longValue(Properties p, String key) {
        String value = get(p, key);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was " + value, e);
        }
    }

    private static boolean bool(Properties p, String key) {
        String value = get(p, key);
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, was " + value);
        }
        return Boolean.parseBoolean(value);
    }
}
