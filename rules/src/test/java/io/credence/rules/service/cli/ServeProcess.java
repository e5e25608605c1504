package io.credence.rules.service.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code credence serve ...} in a JVM of its own, with the test class path, its standard output
 * and error in one log file. The class path goes into an {@code @argfile} so that the command
 * line stays short: ONNX Runtime's native start-up crashes a JVM whose command line is longer than
 * about 4 KiB. The environment's {@code CREDENCE_*} variables are not passed on.
 *
 * <pre>{@code
 * try (ServeProcess serve = ServeProcess.start(dir, List.of("--port", "8080"))) {
 *     serve.await(() -> serve.output().contains("listening on"), Duration.ofSeconds(120));
 * }
 * }</pre>
 */
final class ServeProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ServeProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code serve args} with {@code dir} as working folder. */
    static ServeProcess start(Path dir, List<String> args) throws IOException {
        return start(dir, args, java.util.Map.of());
    }

    /** Starts {@code serve args} with {@code dir} as working folder and {@code env} added to the environment. */
    static ServeProcess start(Path dir, List<String> args, java.util.Map<String, String> env) throws IOException {
        Files.createDirectories(dir);
        Path argfile = Files.createTempFile(dir, "jvm", ".args");
        String classPath = System.getProperty("java.class.path").replace("\\", "\\\\").replace("\"", "\\\"");
        Files.writeString(argfile, String.join("\n", "-cp", "\"" + classPath + "\"", "-Xmx768m", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.showDateTime=false") + "\n", StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + argfile, CredenceService.class.getName(), "serve"));
        command.addAll(args);
        Path log = Files.createTempFile(dir, "serve", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CREDENCE_"));
        builder.environment().putAll(env);
        return new ServeProcess(builder.start(), log);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Everything the process wrote so far. */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits until {@code condition} holds; fails, with the output, when the process ended first or the bound passed. */
    void await(BooleanSupplier condition, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError("serve exited with " + process.exitValue() + " first:\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + bound + ":\n" + output());
            }
            Thread.sleep(200);
        }
    }

    /** The exit code, waiting at most {@code bound} for it. */
    int exitCode(Duration bound) throws InterruptedException {
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("serve still runs after " + bound + ":\n" + output());
        }
        return process.exitValue();
    }

    /** Sends SIGTERM (the shutdown hook runs) without waiting. */
    void terminate() {
        process.destroy();
    }

    /** Asks it to stop (SIGTERM: the shutdown hook runs) and waits for it. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
