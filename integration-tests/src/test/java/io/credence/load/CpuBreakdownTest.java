package io.credence.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuBreakdownTest {

    @Test
    void groupsThreadsByTheirNameWithoutTheNumber() {
        assertEquals("vert.x-worker-thread", CpuBreakdown.group("vert.x-worker-thread-17"));
        assertEquals("vert.x-eventloop-thread", CpuBreakdown.group("vert.x-eventloop-thread-0"));
        assertEquals("credence-audit-writer", CpuBreakdown.group("credence-audit-writer"));
        assertEquals("Camel (camel-1) thread", CpuBreakdown.group("Camel (camel-1) thread #3"));
        assertEquals("load clients", CpuBreakdown.group("load-client-M64xmx7hi8x5-12"));
    }

    @Test
    void splitsTheProcessTimePerRequestAndLeavesTheRestToEndedThreads() {
        CpuBreakdown.Snapshot from = new CpuBreakdown.Snapshot(1_000_000L,
                Map.of(1L, 100_000L, 2L, 50_000L, 3L, 10_000L),
                Map.of(1L, "worker", 2L, "worker", 3L, "ended"), Map.of("JVM GC", 500_000L));
        // thread 3 ended; thread 4 started in between and counts from zero; the clients report 2 ms
        CpuBreakdown.Snapshot to = new CpuBreakdown.Snapshot(1_000_000L + 16_000_000L,
                Map.of(1L, 4_100_000L, 2L, 2_050_000L, 4L, 3_000_000L),
                Map.of(1L, "worker", 2L, "worker", 4L, "writer"), Map.of("JVM GC", 4_500_000L, "JVM JIT", 500_000L));

        Map<String, Double> per = CpuBreakdown.perRequest(from, to, 1_000, 2_000_000L);

        assertEquals(List.of("worker", "JVM GC", "writer", CpuBreakdown.CLIENTS, "JVM JIT", CpuBreakdown.REST),
                List.copyOf(per.keySet()), "largest first, what is left last");
        assertEquals(6.0, per.get("worker"), 1e-9);   // 6 ms over 1,000 requests
        assertEquals(4.0, per.get("JVM GC"), 1e-9);
        assertEquals(3.0, per.get("writer"), 1e-9);
        assertEquals(2.0, per.get(CpuBreakdown.CLIENTS), 1e-9);
        assertEquals(0.5, per.get("JVM JIT"), 1e-9);
        assertEquals(0.5, per.get(CpuBreakdown.REST), 1e-9);
        String line = CpuBreakdown.line(from, to, 1_000, 2_000_000L);
        assertTrue(line.startsWith("CPU per request (us, this JVM): 16 = worker 6, JVM GC 4, writer 3, load clients 2"), line);
    }

    @Test
    void readsTheJvmsOwnThreadsFromProc(@TempDir Path tasks) throws Exception {
        thread(tasks, 101, "GC Thread#0", 30, 20);
        thread(tasks, 102, "G1 Conc#0", 5, 5);
        thread(tasks, 103, "C2 CompilerThre", 7, 3);
        thread(tasks, 104, "vert.x-worker-t", 900, 100);   // a Java thread: counted by its Java name instead
        thread(tasks, 105, "VM Thread", 1, 0);

        Map<String, Long> jvm = CpuBreakdown.jvmThreads(tasks);

        assertEquals(Map.of("JVM GC", 600_000_000L, "JVM JIT", 100_000_000L, "JVM VM thread", 10_000_000L), jvm);
        assertEquals(Map.of(), CpuBreakdown.jvmThreads(tasks.resolve("missing")));
    }

    @Test
    void countsAServersProcessesBesideTheJvm(@TempDir Path proc) throws Exception {
        thread(proc, 2001, "postgres", 40, 10);
        thread(proc, 2002, "postgres", 5, 5);
        thread(proc, 2003, "java", 900, 100);
        Files.createDirectories(proc.resolve("self"));

        assertEquals(600_000_000L, CpuBreakdown.processes(proc, "postgres"));

        CpuBreakdown.Snapshot from = new CpuBreakdown.Snapshot(0, Map.of(), Map.of(), Map.of("server postgres", 1_000_000L));
        CpuBreakdown.Snapshot to = new CpuBreakdown.Snapshot(2_000_000L, Map.of(1L, 2_000_000L), Map.of(1L, "worker"),
                Map.of("server postgres", 4_000_000L));
        Map<String, Double> per = CpuBreakdown.perRequest(from, to, 1_000, 0);
        assertEquals(3.0, per.get("server postgres"), 1e-9, "not this process's time: it adds to the total");
        assertEquals(0.0, per.get(CpuBreakdown.REST), 1e-9);
        assertTrue(CpuBreakdown.line(from, to, 1_000, 0).startsWith(
                "CPU per request (us, this JVM and the server postgres): 5 = server postgres 3, worker 2"));
    }

    /** A {@code /proc/<pid>/task/<tid>/stat} line with {@code utime} and {@code stime} in clock ticks. */
    private static void thread(Path tasks, int tid, String name, long utime, long stime) throws Exception {
        Path dir = Files.createDirectories(tasks.resolve(Integer.toString(tid)));
        Files.writeString(dir.resolve("stat"), tid + " (" + name + ") S 1 1 1 0 -1 4194368 100 0 0 0 " + utime + " " + stime
                + " 0 0 20 0 30 0 5000 0 0");
    }

    @Test
    void aRealSnapshotSeesThisThread() {
        CpuBreakdown.Snapshot now = CpuBreakdown.take(null);
        assertTrue(now.groups().containsValue(CpuBreakdown.group(Thread.currentThread().getName())), now.groups().toString());
        assertTrue(now.processNanos() > 0);
    }
}
