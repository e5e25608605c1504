package io.credence.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code file-kill}: a service process deciding a batch file (file channel on, H2 audit log) is
 * killed with {@code kill -9} once part of the results is written; a second process on the same
 * folders and store finishes the file. Counts result lines, audit records, duplicates and lines
 * lost, and how long no process was deciding.
 *
 * <pre>{@code
 * FileKillScenario.Outcome run = FileKillScenario.execute(work, Workload.german("FK", 1000), 100);
 * run.resultLines();   // exactly one per input line when nothing was lost
 * }</pre>
 */
public final class FileKillScenario implements ChaosScenario {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILE = "kill.jsonl";

    /**
     * What a kill-and-resume run left behind.
     *
     * @param results      the finished results file
     * @param resultLines  its lines, in order
     * @param linesAtKill  complete result lines the killed process had written
     * @param auditUrl     the H2 store both processes used (closed by now)
     * @param outageMs     from the kill until the second process was ready
     * @param done         whether the input was moved to {@code .done}
     */
    public record Outcome(Path results, List<String> resultLines, long linesAtKill, String auditUrl, long outageMs,
                          boolean done) {

        /** Lines whose decision came back as a replay of one recorded before the kill. */
        public long replayed() {
            return resultLines.stream().filter(l -> decision(l).has("replayed")).count();
        }

        /** The applicationId each result line answers, in order (null for a line without a decision). */
        public List<String> applicationIds() {
            return resultLines.stream().map(l -> decision(l).path("applicationId").asText(null)).toList();
        }

        private static JsonNode decision(String line) {
            try {
                return JSON.readTree(line).path("decision");
            } catch (IOException e) {
                throw new IllegalStateException("a results line is not JSON: " + line, e);
            }
        }
    }

    @Override
    public String name() {
        return "file-kill";
    }

    @Override
    public ScenarioReport run(Context context) throws Exception {
        List<Workload.Application> apps = Workload.german("FK", context.applications());
        Outcome outcome = execute(context.work().resolve("file-kill-" + System.nanoTime()), apps, apps.size() / 4);
        AuditCount audit = AuditCount.of(outcome.auditUrl(), "sa", "");
        Set<String> answered = new HashSet<>(outcome.applicationIds());
        long lost = apps.stream().filter(a -> !answered.contains(a.id()) || audit.perApplication().getOrDefault(a.id(), 0) == 0)
                .count();
        return new ScenarioReport(name(), apps.size(), answered.size(), audit.records(), audit.duplicates()
                + Math.max(0, outcome.resultLines().size() - apps.size()), lost, outcome.outageMs(), -1,
                -1, audit.chain().intact(), "killed with " + outcome.linesAtKill() + " result lines written, "
                + outcome.replayed() + " replayed after the restart");
    }

    /**
     * Writes {@code apps} as one JSON line each, starts a service on them, kills it once
     * {@code killAfter} result lines are written, starts another, and waits for the results.
     */
    public static Outcome execute(Path work, List<Workload.Application> apps, int killAfter) throws Exception {
        Path in = Files.createDirectories(work.resolve("in"));
        Path out = work.resolve("out");
        Path staged = work.resolve("staged.jsonl");
        List<String> lines = new ArrayList<>(apps.size());
        for (Workload.Application app : apps) {
            lines.add(JSON.writeValueAsString(JSON.readTree(app.json())));   // one line, whatever the source layout
        }
        Files.write(staged, lines, StandardCharsets.UTF_8);
        String auditUrl = "jdbc:h2:file:" + work.resolve("audit").toAbsolutePath();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("credence.audit.db", auditUrl);
        settings.put("credence.file.enabled", "true");
        settings.put("credence.file.input", in.toAbsolutePath().toString());
        settings.put("credence.file.output", out.toAbsolutePath().toString());
        settings.put("credence.file.sync-every", "50");
        settings.put("credence.file.retry-delay", "500ms");

        long linesAtKill;
        long killedAt;
        try (ServiceProcess first = ServiceProcess.start(ServiceProcess.serviceJar(), settings, work.resolve("first.log"))) {
            first.awaitReady(Duration.ofSeconds(120));
            Files.move(staged, in.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
            Path partial = awaitPartial(out, first, killAfter, Duration.ofSeconds(120));
            first.kill();   // SIGKILL: no shutdown hook, nothing flushed or closed
            killedAt = System.nanoTime();
            linesAtKill = lineFeeds(partial);
        }
        Path results = out.resolve(FILE + ".results.jsonl");
        if (Files.exists(results)) {
            throw new IllegalStateException("the first process finished the file before it was killed; give it more lines");
        }
        long outageMs;
        try (ServiceProcess second = ServiceProcess.start(ServiceProcess.serviceJar(), settings, work.resolve("second.log"))) {
            second.awaitReady(Duration.ofSeconds(120));
            outageMs = (System.nanoTime() - killedAt) / 1_000_000;
            awaitFile(results, second, Duration.ofMinutes(5));
            second.terminate(Duration.ofSeconds(60));   // SIGTERM: a clean stop, so the H2 file is closed
        }
        return new Outcome(results, Files.readAllLines(results, StandardCharsets.UTF_8), linesAtKill, auditUrl, outageMs,
                Files.exists(in.resolve(".done").resolve(FILE)));
    }

    private static Path awaitPartial(Path out, ServiceProcess service, int lines, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            requireAlive(service);
            if (Files.isDirectory(out)) {
                Optional<Path> partial;
                try (Stream<Path> files = Files.list(out)) {
                    partial = files.filter(p -> p.getFileName().toString().endsWith(".partial")).findFirst();
                }
                if (partial.isPresent() && lineFeeds(partial.get()) >= lines) {
                    return partial.get();
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no partial results with " + lines + " lines within " + timeout + "; see " + service.log());
    }

    private static void awaitFile(Path file, ServiceProcess service, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(file)) {
            requireAlive(service);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + file.getFileName() + " within " + timeout + "; see " + service.log());
            }
            Thread.sleep(50);
        }
    }

    private static void requireAlive(ServiceProcess service) {
        if (!service.alive()) {
            throw new IllegalStateException("the service exited; see " + service.log());
        }
    }

    private static long lineFeeds(Path file) throws IOException {
        long n = 0;
        for (byte b : Files.readAllBytes(file)) {
            n += b == '\n' ? 1 : 0;
        }
        return n;
    }
}
