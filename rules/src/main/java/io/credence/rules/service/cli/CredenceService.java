package io.credence.rules.service.cli;

import io.credence.rules.audit.cli.AuditCommand;
import io.credence.rules.rulebase.cli.RulesCommand;
import io.credence.rules.security.apikey.cli.KeysCommand;
import io.credence.rules.security.users.cli.UsersCommand;
import io.credence.rules.service.AuditLogFactory;
import io.credence.rules.service.ExposureRefusedException;
import io.credence.rules.service.ServiceRuntime;
import io.credence.rules.service.ServiceSettings;
import io.credence.rules.service.main.ConfigurationLayers;
import io.credence.rules.service.logs.LogFormat;
import io.credence.rules.service.logs.LogSetup;
import io.credence.rules.service.main.RoutesPattern;
import io.credence.rules.service.main.RoutesRefusedException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The service jar's main command.
 *
 * <pre>
 * java -jar credence-service.jar serve [--config FILE] [--routes file:DIR/*.yaml] [--port 8080] [--host 127.0.0.1] [--models DIR] [--trusted-keys DIR] [--allow-unsigned-models] [--rules DIR]
 *                                      [--audit-db JDBC_URL]
 *                                      [--audit-password-file FILE] [--tls-cert PEM --tls-key PEM] [--execution-provider auto|cpu|cuda[:id]]
 *     [--api-keys FILE] [--jwks FILE_OR_URL --issuer ISS --audience AUD [--roles-claim CLAIM]]
 *     [--signing-key FILE [--checkpoints DIR]]
 * java -jar credence-service.jar audit keygen --out FILE
 * java -jar credence-service.jar audit verify [--db JDBC_URL] [--checkpoints DIR --public-key FILE.pub]
 * java -jar credence-service.jar audit verify-receipt --proof FILE --public-key FILE.pub
 * java -jar credence-service.jar keys add|list|revoke --file FILE ...
 * java -jar credence-service.jar users add --file users.json --name alice --roles review,review-pii   (password on stdin)
 * java -jar credence-service.jar serve --users users.json
 * java -jar credence-service.jar rules export --out DIR | rules check DIR | rules test DIR [--models DIR]
 * </pre>
 *
 * <p>{@code serve} exits with {@value ExposureRefusedException#EXIT_CODE} when it refuses to listen
 * beyond loopback without authentication (see {@code docs/security.md}), and with
 * {@value RoutesRefusedException#EXIT_CODE} when the routes of {@code --routes} cannot be found or loaded.
 * Settings come, each overriding the one before, from the jar's {@code application.properties}, the
 * configuration file ({@code --config FILE}, else {@code ./application.properties}), the environment
 * ({@code CREDENCE_AUDIT_DB}), {@code -D} system properties and the options (see
 * {@link ConfigurationLayers} and {@code docs/operations.md}).
 */
@Command(name = "credence", mixinStandardHelpOptions = true, version = "Credence decision service",
        description = "Credit decisions: policy rules with neural-network risk models.",
        subcommands = {CredenceService.Serve.class, AuditCommand.class, KeysCommand.class, UsersCommand.class,
                RulesCommand.class, io.credence.rules.models.cli.ModelsCommand.class})
public final class CredenceService implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(CredenceService.class);

    public static void main(String[] args) {
        System.exit(new CommandLine(new CredenceService()).execute(args));
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 2;
    }

    /** {@code serve}: runs the service until stopped. */
    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Starts the decision service (REST; file batch and Kafka when configured).",
            footer = {"", "Settings, each overriding the ones before: application.properties in the jar, --config FILE"
                    + " (else ./application.properties), the environment (CREDENCE_AUDIT_DB for credence.audit.db,"
                    + " CAMEL_MAIN_SHUTDOWNTIMEOUT for camel.main.shutdownTimeout), -D system properties, these options."
                    + " See docs/operations.md.", "", "Secrets are read, first found wins, from: a serve option, -D, the environment"
                    + " (CREDENCE_AUDIT_PASSWORD, CREDENCE_TLS_KEYSTORE_PASSWORD), a file (--audit-password-file,"
                    + " --tls-keystore-password-file), application.properties. See docs/security.md."})
    static final class Serve implements Callable<Integer> {

        /** Secret settings and how to give them instead of on the command line. */
        private static final Map<String, String> SECRET_ALTERNATIVES = Map.of(
                "credence.audit.password", "--audit-password-file FILE or the environment variable CREDENCE_AUDIT_PASSWORD",
                "credence.tls.keystore.password",
                "--tls-keystore-password-file FILE or the environment variable CREDENCE_TLS_KEYSTORE_PASSWORD");

        @Spec
        CommandSpec spec;

        @Option(names = "--config", paramLabel = "FILE",
                description = "Settings file (credence.* and camel.* keys) instead of ./application.properties")
        Path config;

        @Option(names = "--routes", paramLabel = "PATTERN",
                description = "The integrator's YAML DSL routes, loaded next to the service's:"
                        + " file:/etc/credence/*.yaml, several comma-separated (camel.main.routesIncludePattern)")
        String routes;

        @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (credence.http.port, default 8080)")
        Integer port;

        @Option(names = "--host", paramLabel = "HOST",
                description = "HTTP interface (credence.http.host, default 127.0.0.1). Any other than loopback"
                        + " needs authentication configured, or --insecure")
        String host;

        @Option(names = "--models", paramLabel = "DIR",
                description = "Folder of <name>/<version>/ model packages; default: the bundled models on the classpath")
        Path models;

        @Option(names = "--trusted-keys", paramLabel = "DIR",
                description = "Folder of *.pub Ed25519 keys whose signed model packages serve, besides the release key"
                        + " of the bundled models (credence.models.trusted-keys)")
        Path trustedKeys;

        @Option(names = "--allow-unsigned-models",
                description = "Also serve model packages without a signature (a warning each); a bad signature is"
                        + " still refused (credence.models.allow-unsigned)")
        boolean allowUnsignedModels;

        @Option(names = "--rules", paramLabel = "DIR",
                description = "Decide with this policy folder (credence.rules.dir; `rules export` writes one);"
                        + " default: the built-in rules")
        Path rules;

        @Option(names = "--audit-db", paramLabel = "JDBC_URL",
                description = "Audit log JDBC URL (credence.audit.db, default an H2 file in ./data)")
        String auditDb;

        @Option(names = "--audit-user", paramLabel = "USER", description = "Audit log user (credence.audit.user)")
        String auditUser;

        @Option(names = "--audit-password-file", paramLabel = "FILE",
                description = "File holding the audit log password, trailing newline stripped"
                        + " (credence.audit.password.file); or set CREDENCE_AUDIT_PASSWORD")
        Path auditPasswordFile;

        @Option(names = "--audit-password", paramLabel = "PASSWORD", interactive = false,
                description = "DEPRECATED: visible in the process list to every user of the machine;"
                        + " use --audit-password-file FILE or CREDENCE_AUDIT_PASSWORD")
        String auditPassword;

        @Option(names = "--tls-cert", paramLabel = "PEM",
                description = "HTTPS: the X.509 certificate chain, server certificate first (credence.tls.cert); with --tls-key")
        Path tlsCert;

        @Option(names = "--tls-key", paramLabel = "PEM",
                description = "HTTPS: the PKCS#8 private key, RSA or EC, not encrypted (credence.tls.key)")
        Path tlsKey;

        @Option(names = "--tls-keystore", paramLabel = "FILE.p12",
                description = "HTTPS: a PKCS#12 keystore with one key and its chain (credence.tls.keystore)")
        Path tlsKeystore;

        @Option(names = "--tls-keystore-password-file", paramLabel = "FILE",
                description = "File holding the keystore's password (credence.tls.keystore.password.file);"
                        + " or set CREDENCE_TLS_KEYSTORE_PASSWORD")
        Path tlsKeystorePasswordFile;

        @Option(names = "--signing-key", paramLabel = "FILE",
                description = "Sign checkpoints of the audit log's Merkle tree with this Ed25519 key"
                        + " (credence.audit.signing-key; make one with: audit keygen --out FILE)")
        Path signingKey;

        @Option(names = "--checkpoints", paramLabel = "DIR",
                description = "Witness folder outside the database each signed checkpoint is appended to"
                        + " (credence.audit.checkpoints); needs --signing-key")
        Path checkpoints;

        @Option(names = "--insecure",
                description = "Start on a non-loopback --host without authentication (warned about on every start)")
        boolean insecure;

        @Option(names = "--execution-provider", paramLabel = "auto|cpu|cuda[:id]",
                description = "ONNX Runtime execution provider (credence.execution-provider, default auto)")
        String executionProvider;

        @Option(names = "--api-keys", paramLabel = "FILE",
                description = "Require API keys from this file (credence.security.api-keys; `keys add` writes it)")
        Path apiKeys;

        @Option(names = "--jwks", paramLabel = "FILE_OR_URL",
                description = "Accept OIDC bearer tokens signed by these keys: a JWK set file or an https URL"
                        + " (credence.security.jwks); needs --issuer and --audience")
        String jwks;

        @Option(names = "--issuer", paramLabel = "ISS", description = "The tokens' exact iss (credence.security.issuer)")
        String issuer;

        @Option(names = "--audience", paramLabel = "AUD",
                description = "A value the tokens' aud must contain (credence.security.audience)")
        String audience;

        @Option(names = "--roles-claim", paramLabel = "CLAIM",
                description = "The claim with the roles, e.g. realm_access.roles (credence.security.roles-claim, default roles)")
        String rolesClaim;
        @Option(names = "--users", paramLabel = "FILE",
                description = "Users file of the compliance page (credence.security.users); turns browser sign-in"
                        + " at /audit/sign-in on. Write it with `users add`.")
        Path users;

        @Option(names = "-D", paramLabel = "KEY=VALUE",
                description = "Any other credence.* or camel.* setting, e.g. -Dcredence.kafka.enabled=true"
                        + " or -Dcamel.main.shutdownTimeout=20")
        Map<String, String> properties = new LinkedHashMap<>();

        @Override
        public Integer call() throws Exception {
            Map<String, String> overrides = new LinkedHashMap<>(properties);
            put(overrides, "credence.http.port", port);
            put(overrides, "credence.http.host", host);
            put(overrides, "credence.models.dir", models);
            put(overrides, "credence.models.trusted-keys", trustedKeys);
            if (allowUnsignedModels) {
                overrides.put("credence.models.allow-unsigned", "true");
            }
            put(overrides, "credence.rules.dir", rules);
            put(overrides, "credence.audit.db", auditDb);
            put(overrides, "credence.audit.user", auditUser);
            put(overrides, "credence.audit.password.file", auditPasswordFile);
            put(overrides, "credence.audit.password", auditPassword);
            put(overrides, "credence.audit.signing-key", signingKey);
            put(overrides, "credence.audit.checkpoints", checkpoints);
            put(overrides, "credence.tls.cert", tlsCert);
            put(overrides, "credence.tls.key", tlsKey);
            put(overrides, "credence.tls.keystore", tlsKeystore);
            put(overrides, "credence.tls.keystore.password.file", tlsKeystorePasswordFile);
            if (insecure) {
                overrides.put("credence.security.insecure", "true");
            }
            put(overrides, "credence.execution-provider", executionProvider);
            put(overrides, "credence.security.api-keys", apiKeys);
            put(overrides, "credence.security.jwks", jwks);
            put(overrides, "credence.security.issuer", issuer);
            put(overrides, "credence.security.audience", audience);
            put(overrides, "credence.security.roles-claim", rolesClaim);
            put(overrides, "credence.security.users", users);
            put(overrides, RoutesPattern.KEY, routes);
            warnAboutSecretsOnTheCommandLine();
            ConfigurationLayers layers = ConfigurationLayers.read(Optional.ofNullable(config), Path.of(""),
                    System.getenv(), System.getProperties(), overrides);
            ServiceSettings settings = ServiceSettings.from(layers);
            // The configuration file may choose the log format too (-D and CREDENCE_LOG_FORMAT took effect at start).
            LogSetup.use(LogFormat.of(layers.merged().getProperty(LogFormat.KEY)));
            LOG.info("settings: {} < {} < environment ({} keys) < system properties ({}) < command line ({})",
                    layers.defaults().name(), layers.file().name(), layers.environment().values().size(),
                    layers.system().values().size(), layers.commandLine().values().size());
            try (ServiceRuntime service = ServiceRuntime.start(settings, layers.placeholders(), AuditLogFactory.JDBC,
                    List.of(), null)) {
                service.awaitShutdown();
            } catch (ExposureRefusedException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return ExposureRefusedException.EXIT_CODE;
            } catch (RoutesRefusedException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return RoutesRefusedException.EXIT_CODE;
            }
            return 0;
        }

        /** A secret given as an argument can be read by every user of the machine (ps, /proc/PID/cmdline). */
        private void warnAboutSecretsOnTheCommandLine() {
            if (auditPassword != null) {
                LOG.warn("--audit-password is deprecated: the password is visible in the process list; use"
                        + " --audit-password-file FILE or the environment variable CREDENCE_AUDIT_PASSWORD");
            }
            SECRET_ALTERNATIVES.forEach((key, instead) -> {
                if (properties.containsKey(key) || System.getProperty(key) != null) {
                    LOG.warn("-D{} puts the secret on the command line, visible in the process list; use {}", key, instead);
                }
            });
        }

        private static void put(Map<String, String> overrides, String key, Object value) {
            if (value != null) {
                overrides.put(key, value.toString());
            }
        }
    }
}
