package io.credence.rules.service.probe;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Asks the service on this machine whether it is healthy; exit status 0 when the health endpoint
 * answers 200, 1 otherwise (Docker's {@code HEALTHCHECK} contract; 2 is reserved there).
 *
 * <pre>
 * java -cp /app/classes io.credence.rules.service.probe.HealthProbe            # GET /health/live, no credentials
 * java -cp /app/classes io.credence.rules.service.probe.HealthProbe --ready --key-file /run/secrets/health-key
 * </pre>
 *
 * <p>The port is {@code CREDENCE_HTTP_PORT} from the environment (the service's own setting, so
 * a port changed by environment is probed where it listens), else 8080; {@code --port} overrides
 * it. {@code --ready} asks {@code /health/ready}, which needs a principal when access control is
 * on: {@code --key-file} names a file holding an API key (one without roles is enough); the key
 * travels in the {@code Authorization} header only, never on the command line or in the output.
 * Only the JDK is used, so the class runs with {@code /app/classes} alone on the class path.
 */
public final class HealthProbe {

    static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** Where to ask and with which key: the parsed command line and environment. */
    record Target(URI uri, Optional<String> apiKey) {
        Target {
            if (!"http".equals(uri.getScheme()) || !"127.0.0.1".equals(uri.getHost())) {
                throw new IllegalArgumentException("probe target: expected http://127.0.0.1:PORT/..., got " + uri);
            }
        }

        static Target parse(List<String> args, Map<String, String> env) {
            String port = env.getOrDefault("CREDENCE_HTTP_PORT", "8080");
            String portSource = env.containsKey("CREDENCE_HTTP_PORT") ? "CREDENCE_HTTP_PORT" : "default";
            String path = "/health/live";
            Optional<String> key = Optional.empty();
            for (int i = 0; i < args.size(); i++) {
                switch (args.get(i)) {
                    case "--ready" -> path = "/health/ready";
                    case "--port" -> {
                        port = value(args, ++i, "--port");
                        portSource = "--port";
                    }
                    case "--key-file" -> key = Optional.of(readKey(Path.of(value(args, ++i, "--key-file"))));
                    default -> throw new IllegalArgumentException("unknown argument " + args.get(i)
                            + ", expected --ready, --port PORT or --key-file FILE");
                }
            }
            int number;
            try {
                number = Integer.parseInt(port.trim());
            } catch (NumberFormatException e) {
                number = -1;
            }
            if (number < 1 || number > 65535) {
                throw new IllegalArgumentException(portSource + ": expected a port 1..65535, got '" + port + "'");
            }
            return new Target(URI.create("http://127.0.0.1:" + number + path), key);
        }

        private static String value(List<String> args, int i, String option) {
            if (i >= args.size()) {
                throw new IllegalArgumentException(option + ": expected a value after it");
            }
            return args.get(i);
        }

        private static String readKey(Path file) {
            try {
                String key = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (key.isEmpty() || key.chars().anyMatch(Character::isWhitespace)) {
                    throw new IllegalArgumentException("--key-file " + file + ": expected one API key, the file holds "
                            + (key.isEmpty() ? "nothing" : "more than one word"));
                }
                return key;
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("--key-file " + file + ": no such file");
            } catch (IOException e) {
                throw new UncheckedIOException("--key-file " + file + ": cannot read it", e);
            }
        }
    }

    /** Runs the probe with the process's arguments and environment and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out));
    }

    /** The probe without {@code System.exit}: returns 0 when healthy, 1 otherwise, one line on {@code out}. */
    static int run(List<String> args, Map<String, String> env, PrintStream out) {
        Target target;
        try {
            target = Target.parse(args, env);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            out.println("UNHEALTHY: " + e.getMessage());
            return 1;
        }
        try {
            int status = get(target);
            out.println((status == 200 ? "HEALTHY: " : "UNHEALTHY: ") + status + " from " + target.uri());
            return status == 200 ? 0 : 1;
        } catch (IOException e) {
            out.println("UNHEALTHY: " + target.uri() + ": " + e);
            return 1;
        }
    }

    private static int get(Target target) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) target.uri().toURL().openConnection();
        try {
            connection.setConnectTimeout((int) TIMEOUT.toMillis());
            connection.setReadTimeout((int) TIMEOUT.toMillis());
            connection.setInstanceFollowRedirects(false);
            connection.setRequestProperty("Accept", "application/json");
            target.apiKey().ifPresent(key -> connection.setRequestProperty("Authorization", "Bearer " + key));
            return connection.getResponseCode();
        } finally {
            connection.disconnect();
        }
    }

    private HealthProbe() {
    }
}
