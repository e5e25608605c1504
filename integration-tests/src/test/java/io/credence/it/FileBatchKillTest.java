package io.credence.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credence.rules.audit.JdbcAuditLog;
import io.credence.rules.service.cli.CredenceService;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file batch channel survives {@code kill -9}: a service process (`serve`, file channel on, H2
 * audit log) is killed part-way through a file, a second one started on the same folders and store
 * finishes it, and the results file has exactly one line per input line while the audit log has
 * exactly one record per application.
 */
class FileBatchKillTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int LINES = 1000;
    /** The first process is killed once its partial results hold at least this many lines. */
    static final int KILL_AFTER = 100;

    @TempDir
    Path dir;

    @Test
    void aServiceKilledPartWayThroughAFileIsResumedByTheNextWithNothingLostAndNothingDecidedTwice() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path out = dir.resolve("out");
        Path staged = writeApplications(dir.resolve("staged.jsonl"));
        Path launcher = launcherJar();

        Process first = serve(launcher, "first");
        Files.move(staged, in.resolve("kill.jsonl"));
        Path partial = awaitPartial(out, first);
        first.destroyForcibly();   // SIGKILL: no shutdown hook, nothing flushed or closed
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        long linesAtKill = lineFeeds(partial);
        assertFalse(Files.exists(out.resolve("kill.jsonl.results.jsonl")), "the first process finished before it was killed");
        assertTrue(Files.exists(in.resolve("kill.jsonl")), "the input stays until its results are complete");

        Process second = serve(launcher, "second");
        try {
            awaitFile(out.resolve("kill.jsonl.results.jsonl"), second);
        } finally {
            second.destroy();   // SIGTERM: a clean stop, so the H2 file is closed
            assertTrue(second.waitFor(60, TimeUnit.SECONDS));
        }

        List<String> lines = Files.readAllLines(out.resolve("kill.jsonl.results.jsonl"), StandardCharsets.UTF_8);
        assertEquals(LINES, lines.size(), "one results line per input line");
        int replayed = 0;
        for (int i = 1; i <= LINES; i++) {
            JsonNode result = JSON.readTree(lines.get(i - 1));
            assertEquals(i, result.get("line").asInt());
            assertEquals(id(i), result.get("decision").get("applicationId").asText(), lines.get(i - 1));
            replayed += result.get("decision").has("replayed") ? 1 : 0;
        }
        try (Connection c = DriverManager.getConnection(auditUrl(), "sa", "");
             Statement s = c.createStatement();
             ResultSet counts = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT application_id) FROM audit_record")) {
            counts.next();
            assertEquals(LINES, counts.getLong(1), "one audit record per line: none decided twice");
            assertEquals(LINES, counts.getLong(2));
        }
        try (JdbcAuditLog log = JdbcAuditLog.open(auditUrl(), "sa", "")) {
            assertTrue(log.verify().intact());
        }
        assertTrue(Files.exists(in.resolve(".done").resolve("kill.jsonl")));
        System.out.printf("killed with %d result lines written; %d line(s) came back replayed%n", linesAtKill, replayed);
    }

    String auditUrl() {
        return "jdbc:h2:file:" + dir.resolve("audit").toAbsolutePath();
    }

    static String id(int i) {
        return String.format("KILL-%05d", i);
    }

    /** The German-credit example application under LINES ids, one JSON line each. */
    static Path writeApplications(Path file) throws IOException {
        ObjectNode application = (ObjectNode) JSON.readTree(Path.of("..", "docs", "examples", "approve.json").toFile());
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= LINES; i++) {
            application.put("applicationId", id(i));
            lines.add(JSON.writeValueAsString(application));
        }
        return Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /**
     * A jar that holds only a manifest naming this test's class path: the child is started with a
     * short command line (a JVM started with the full Maven class path on it crashes in ONNX
     * Runtime's native start-up, docs/benchmarks.md).
     */
    Path launcherJar() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, CredenceService.class.getName());
        StringBuilder classPath = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classPath.append(Path.of(entry).toUri()).append(' ');
        }
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath.toString().strip());
        Path jar = dir.resolve("launcher.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(file, manifest)) {
            return jar;
        }
    }

    Process serve(Path launcher, String name) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-jar", launcher.toString(), "serve",
                "--host", "127.0.0.1", "--port", Integer.toString(RunningService.freePort()), "--audit-db", auditUrl(),
                "--execution-provider", "cpu", "-Dcredence.file.enabled=true",
                "-Dcredence.file.input=" + dir.resolve("in"), "-Dcredence.file.output=" + dir.resolve("out"),
                "-Dcredence.file.sync-every=50", "-Dcredence.file.retry-delay=500ms"))
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }

    /** Waits until the partial results hold KILL_AFTER lines; returns the partial file. */
    Path awaitPartial(Path out, Process service) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertTrue(service.isAlive(), () -> "the service exited: " + log("first"));
            Optional<Path> partial = Optional.empty();
            if (Files.isDirectory(out)) {
                try (Stream<Path> files = Files.list(out)) {
                    partial = files.filter(p -> p.getFileName().toString().endsWith(".partial")).findFirst();
                }
            }
            if (partial.isPresent() && lineFeeds(partial.get()) >= KILL_AFTER) {
                return partial.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no partial results with " + KILL_AFTER + " lines within 60 s: " + log("first"));
    }

    void awaitFile(Path file, Process service) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!Files.exists(file)) {
            assertTrue(service.isAlive(), () -> "the service exited: " + log("second"));
            assertTrue(System.nanoTime() < deadline, () -> "no results file within 90 s: " + log("second"));
            Thread.sleep(50);
        }
    }

    static long lineFeeds(Path file) throws IOException {
        long n = 0;
        for (byte b : Files.readAllBytes(file)) {
            n += b == '\n' ? 1 : 0;
        }
        return n;
    }

    String log(String name) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve(name + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
