package io.credence.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where this JVM's CPU time (user and system) went between two snapshots, per request: by Java
 * thread group (a thread's name without its number: {@code vert.x-worker-thread},
 * {@code credence-audit-writer}, ...), the harness's clients (whose threads end before the second
 * snapshot, so they report their own time), and, on Linux, the JVM's own threads read from
 * {@code /proc/self/task}: garbage collection, the JIT compilers and the VM thread, and optionally
 * the processes of a server on the same machine (a PostgreSQL audit store: {@code postgres}). What
 * is left is threads that ended between the snapshots. With the in-process service it covers the
 * service and the clients together, as they share the machine.
 *
 * <pre>{@code
 * CpuBreakdown.Snapshot before = CpuBreakdown.take("postgres");   // or null: no server
 * ... run ...
 * System.out.println(CpuBreakdown.line(before, CpuBreakdown.take("postgres"), requests, clientCpuNanos));
 * }</pre>
 */
final class CpuBreakdown {

    /** The group of CPU time no thread accounts for: threads that ended in between. */
    static final String REST = "ended threads";
    /** The harness's client threads. */
    static final String CLIENTS = "load clients";
    /** The prefix of the group of a server's processes. */
    static final String SERVER = "server ";
    /** Linux's clock ticks per second for {@code /proc} times ({@code getconf CLK_TCK}: 100 on x86_64 and arm64). */
    private static final long CLOCK_TICKS = 100;

    /**
     * @param processNanos the process's CPU time
     * @param threadNanos  per live Java thread id, its CPU time
     * @param groups       per live Java thread id, its group
     * @param procNanos    read from {@code /proc} (empty where there is none), per group: the JVM's own
     *                     threads ("JVM GC", "JVM JIT", "JVM VM thread") and the server's processes
     *                     ("server postgres"); their time is not the process's, so it adds to the total
     */
    record Snapshot(long processNanos, Map<Long, Long> threadNanos, Map<Long, String> groups, Map<String, Long> procNanos) {
    }

    private CpuBreakdown() {
    }

    /** This JVM's CPU time now, by thread, and that of the processes named {@code serverProcess} (null: none). */
    static Snapshot take(String serverProcess) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, Long> nanos = new HashMap<>();
        Map<Long, String> groups = new HashMap<>();
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = mx.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                nanos.put(info.getThreadId(), cpu);
                groups.put(info.getThreadId(), group(info.getThreadName()));
            }
        }
        Map<String, Long> proc = new TreeMap<>(jvmThreads(Path.of("/proc/self/task")));
        if (serverProcess != null) {
            proc.put(SERVER + serverProcess, processes(Path.of("/proc"), serverProcess));
        }
        return new Snapshot(processNanos(), nanos, groups, proc);
    }

    /** The CPU time of the processes under {@code proc} (a {@code /proc} folder) whose name is {@code name}. */
    static long processes(Path proc, String name) {
        long total = 0;
        if (!Files.isDirectory(proc)) {
            return 0;
        }
        try (Stream<Path> list = Files.list(proc)) {
            for (Path p : list.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                Stat stat = Stat.read(p.resolve("stat"));
                if (stat != null && stat.name().equals(name)) {
                    total += stat.nanos();
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return total;
    }

    /** One {@code /proc/.../stat} line: the name and the user plus system time. */
    private record Stat(String name, long nanos) {
        /** Null when it cannot be read (the process or thread ended). */
        static Stat read(Path file) {
            try {
                String stat = Files.readString(file);
                int close = stat.lastIndexOf(')');
                // after "pid (comm) ": state, ppid, ..., utime (14th field), stime (15th)
                String[] f = stat.substring(close + 2).split(" ");
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                return new Stat(stat.substring(stat.indexOf('(') + 1, close), ticks * 1_000_000_000L / CLOCK_TICKS);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    /**
     * The CPU time of the JVM's own threads under {@code tasks} (a {@code /proc/<pid>/task} folder), by
     * group; empty when it cannot be read.
     */
    static Map<String, Long> jvmThreads(Path tasks) {
        Map<String, Long> out = new TreeMap<>();
        if (!Files.isDirectory(tasks)) {
            return out;
        }
        try (Stream<Path> list = Files.list(tasks)) {
            for (Path task : list.toList()) {
                Stat stat = Stat.read(task.resolve("stat"));
                String group = stat == null ? null : jvmGroup(stat.name());
                if (group != null) {
                    out.merge(group, stat.nanos(), Long::sum);
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return out;
    }

    /** The group of a JVM thread by its Linux name (at most 15 characters), null for Java threads. */
    static String jvmGroup(String linuxName) {
        if (linuxName.startsWith("GC Thread") || linuxName.startsWith("G1 ")) {
            return "JVM GC";
        }
        if (linuxName.startsWith("C1 Compiler") || linuxName.startsWith("C2 Compiler")) {
            return "JVM JIT";
        }
        if (linuxName.startsWith("VM Thread") || linuxName.startsWith("VM Periodic")) {
            return "JVM VM thread";
        }
        return null;
    }

    /** A thread's group: its name without a trailing number, the harness's clients as one. */
    static String group(String threadName) {
        if (threadName.startsWith("load-client-")) {
            return "load clients";
        }
        return threadName.replaceAll("[-#\\s]*\\d+$", "");
    }

    /**
     * CPU microseconds per request by group between {@code from} and {@code to}, largest first, then
     * {@link #REST}. A thread started in between counts from zero; {@code clientNanos} is the clients'
     * own time ({@link #CLIENTS}).
     */
    static Map<String, Double> perRequest(Snapshot from, Snapshot to, long requests, long clientNanos) {
        Map<String, Long> byGroup = new HashMap<>();
        long counted = 0;
        for (Map.Entry<Long, Long> t : to.threadNanos().entrySet()) {
            long spent = t.getValue() - from.threadNanos().getOrDefault(t.getKey(), 0L);
            if (spent > 0) {
                byGroup.merge(to.groups().get(t.getKey()), spent, Long::sum);
                counted += spent;
            }
        }
        for (Map.Entry<String, Long> j : to.procNanos().entrySet()) {
            long spent = j.getValue() - from.procNanos().getOrDefault(j.getKey(), 0L);
            if (spent > 0) {
                byGroup.merge(j.getKey(), spent, Long::sum);
                if (!j.getKey().startsWith(SERVER)) {
                    counted += spent;   // the JVM's own threads; a server's processes are not this process
                }
            }
        }
        if (clientNanos > 0) {
            byGroup.merge(CLIENTS, clientNanos, Long::sum);
            counted += clientNanos;
        }
        double n = Math.max(1, requests);
        Map<String, Double> out = new LinkedHashMap<>();
        byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), e.getValue() / 1e3 / n));
        out.put(REST, Math.max(0, to.processNanos() - from.processNanos() - counted) / 1e3 / n);
        return out;
    }

    /** One line: the total per request and its groups of at least 1 µs. */
    static String line(Snapshot from, Snapshot to, long requests, long clientNanos) {
        Map<String, Double> groups = perRequest(from, to, requests, clientNanos);
        double total = groups.values().stream().mapToDouble(Double::doubleValue).sum();
        String scope = to.procNanos().keySet().stream().filter(k -> k.startsWith(SERVER)).findFirst()
                .map(k -> "this JVM and the " + k).orElse("this JVM");
        return String.format(Locale.ROOT, "CPU per request (us, %s): %.0f = %s", scope, total,
                groups.entrySet().stream().filter(e -> e.getValue() >= 1.0)
                        .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", ")));
    }

    private static long processNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
