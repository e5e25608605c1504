package io.credence.chaos;

import io.credence.load.DecisionClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The decision service in a JVM of its own ({@code java -jar credence-service.jar serve}), on a
 * loopback port, so that a test or the chaos harness can kill it the way an operating system
 * does ({@code kill -9}) and start it again on the same audit store.
 *
 * <pre>{@code
 * try (ServiceProcess service = ServiceProcess.start(ServiceProcess.serviceJar(), Map.of(
 *         "credence.audit.db", "jdbc:h2:file:/tmp/x/audit"), Path.of("/tmp/x/service.log"))) {
 *     service.awaitReady(Duration.ofSeconds(60));
 *     service.client().post(json);
 *     service.kill();                  // SIGKILL: no shutdown hook runs
 * }
 * }</pre>
 *
 * <p>The service jar is {@code rules/target/credence-service.jar} (built by the reactor before
 * this module), or the file named by the system property {@value #JAR_PROPERTY}. A short command
 * line matters: ONNX Runtime's native start-up crashes a JVM whose command line is longer than
 * about 4 KiB, which a full Maven class path would be.
 */
public final class ServiceProcess implements AutoCloseable {

    /** System property naming the service jar. */
    public static final String JAR_PROPERTY = "credence.service.jar";
    private static final String PASSWORD_SETTING = "credence.audit.password";

    private final Process process;
    private final int port;
    private final Path log;
    private final DecisionClient client;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.client = new DecisionClient(URI.create("http://127.0.0.1:" + port));
    }

    /** The service jar: {@value #JAR_PROPERTY}, else {@code rules/target/credence-service.jar} above the working folder. */
    public static Path serviceJar() {
        String named = System.getProperty(JAR_PROPERTY);
        if (named != null && !named.isBlank()) {
            return Path.of(named);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path jar = dir.resolve("rules/target/credence-service.jar");
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        throw new IllegalStateException("rules/target/credence-service.jar not found (build it with"
                + " mvn -B -q -pl rules -am package -DskipTests, or set -D" + JAR_PROPERTY + "=FILE)");
    }

    /**
     * Starts {@code serve} on a free loopback port with these {@code credence.*} settings (given as
     * {@code -D} options after {@code serve}); standard output and error go to {@code log}.
     */
    public static ServiceProcess start(Path jar, Map<String, String> settings, Path log) throws IOException {
        return start(jar, settings, log, freePort());
    }

    /** As {@link #start(Path, Map, Path)} on a given port (e.g. the port of a service that was killed). */
    public static ServiceProcess start(Path jar, Map<String, String> settings, Path log, int port) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-XX:+UseSerialGC",
                "-jar", jar.toString(), "serve", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--execution-provider", "cpu"));
        // A password never goes on the command line (the process list shows it): the environment.
        settings.forEach((k, v) -> {
            if (!k.equals(PASSWORD_SETTING)) {
                command.add("-D" + k + "=" + v);
            }
        });
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (settings.containsKey(PASSWORD_SETTING)) {
            builder.environment().put("CREDENCE_AUDIT_PASSWORD", settings.get(PASSWORD_SETTING));
        }
        return new ServiceProcess(builder.start(), port, log);
    }

    /** Waits until {@code /health/ready} answers 200; fails when the process ended or the time is up. */
    public ServiceProcess awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with code " + process.exitValue()
                        + " before it was ready; the end of " + log + ":\n" + tail());
            }
            try {
                if (client.get("/health/ready").status() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the service was not ready within " + timeout + "; the end of " + log + ":\n"
                + tail());
    }

    /** The last 3,000 characters of the service's output. */
    private String tail() {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.length() - 3000));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** {@code kill -9}: the JVM ends at once, no shutdown hook, no flush. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM and wait: the graceful stop an orchestrator asks for. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            kill();
        }
        return process.exitValue();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public DecisionClient client() {
        return client;
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
