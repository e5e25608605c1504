package io.credence.rules.service.cli;

import io.credence.rules.audit.cli.AuditCommand;
import io.credence.rules.security.users.cli.UsersCommand;
import io.credence.rules.service.AuditLogFactory;
import io.credence.rules.service.ServiceRuntime;
import io.credence.rules.service.ServiceSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The service jar's main command.
 *
 * <pre>
 * java -jar credence-service.jar serve [--port 8080] [--models DIR] [--audit-db JDBC_URL] [--execution-provider auto|cpu|cuda[:id]]
 * java -jar credence-service.jar audit verify [--db JDBC_URL]
 * java -jar credence-service.jar users add --file users.json --name alice --roles review,review-pii   (password on stdin)
 * java -jar credence-service.jar serve --users users.json
 * </pre>
 */
@Command(name = "credence", mixinStandardHelpOptions = true, version = "Credence decision service",
        description = "Credit decisions: policy rules with neural-network risk models.",
        subcommands = {CredenceService.Serve.class, AuditCommand.class, UsersCommand.class})
public final class CredenceService implements Callable<Integer> {

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
            description = "Starts the decision service (REST; file batch and Kafka when configured).")
    static final class Serve implements Callable<Integer> {

        @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (credence.http.port, default 8080)")
        Integer port;

        @Option(names = "--host", paramLabel = "HOST", description = "HTTP interface (credence.http.host, default 0.0.0.0)")
        String host;

        @Option(names = "--models", paramLabel = "DIR",
                description = "Folder of <name>/<version>/ model packages; default: the bundled models on the classpath")
        Path models;

        @Option(names = "--audit-db", paramLabel = "JDBC_URL",
                description = "Audit log JDBC URL (credence.audit.db, default an H2 file in ./data)")
        String auditDb;

        @Option(names = "--audit-user", paramLabel = "USER", description = "Audit log user (credence.audit.user)")
        String auditUser;

        @Option(names = "--audit-password", paramLabel = "PASSWORD", interactive = false,
                description = "Audit log password (credence.audit.password; prefer -Dcredence.audit.password)")
        String auditPassword;

        @Option(names = "--execution-provider", paramLabel = "auto|cpu|cuda[:id]",
                description = "ONNX Runtime execution provider (credence.execution-provider, default auto)")
        String executionProvider;

        @Option(names = "--users", paramLabel = "FILE",
                description = "Users file of the compliance page (credence.security.users); turns browser sign-in"
                        + " at /audit/sign-in on. Write it with `users add`.")
        Path users;

        @Option(names = "-D", paramLabel = "KEY=VALUE", description = "Any other credence.* setting, e.g. -Dcredence.kafka.enabled=true")
        Map<String, String> properties = new LinkedHashMap<>();

        @Override
        public Integer call() throws Exception {
            Map<String, String> overrides = new LinkedHashMap<>(properties);
            put(overrides, "credence.http.port", port);
            put(overrides, "credence.http.host", host);
            put(overrides, "credence.models.dir", models);
            put(overrides, "credence.audit.db", auditDb);
            put(overrides, "credence.audit.user", auditUser);
            put(overrides, "credence.audit.password", auditPassword);
            put(overrides, "credence.execution-provider", executionProvider);
            put(overrides, "credence.security.users", users);
            ServiceSettings settings = ServiceSettings.load(overrides);
            try (ServiceRuntime service = ServiceRuntime.start(settings, AuditLogFactory.JDBC)) {
                service.awaitShutdown();
            }
            return 0;
        }

        private static void put(Map<String, String> overrides, String key, Object value) {
            if (value != null) {
                overrides.put(key, value.toString());
            }
        }
    }
}
