package io.credence.rules.rulebase;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The files of a policy, by name: the rule files (DRL, {@code *}{@value #DECISION_TABLE} decision tables, {@value #REASON_CODES})
 * and the analysts' scenarios ({@value #SCENARIOS}{@code *.csv}).
 *
 * <pre>{@code
 * PolicyFiles shipped = PolicyFiles.classpath();          // what the KJAR was built from
 * shipped.writeTo(Path.of("policy"));                     // credence rules export --out policy
 * PolicyFiles edited = PolicyFiles.folder(Path.of("policy"));
 * edited.digest();                                        // recorded with every decision
 * }</pre>
 *
 * @param origin    where the files come from, for messages (a folder's absolute path, or {@code classpath})
 * @param rules     the files that make the rule base, by name: {@code *.drl} and {@code *.csv} at the top
 * @param scenarios the scenario files, by name within {@value #SCENARIOS}
 */
public record PolicyFiles(String origin, SortedMap<String, String> rules, SortedMap<String, String> scenarios) {

    /** The table of reason codes and texts. */
    public static final String REASON_CODES = "reason-codes.csv";
    /** How a CSV decision table's name ends. */
    public static final String DECISION_TABLE = ".drl.csv";
    /** The folder of scenarios inside a policy folder. */
    public static final String SCENARIOS = "scenarios/";
    /** Classpath folder of the shipped policy. */
    public static final String CLASSPATH_FOLDER = "io/credence/rules/policy/";
    /** Lists the shipped policy's files, one per line, scenarios as {@code scenarios/NAME.csv}. */
    public static final String CLASSPATH_INDEX = CLASSPATH_FOLDER + "policy.index";

    public PolicyFiles {
        rules = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(rules));
        scenarios = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(scenarios));
    }

    /** Files by name, e.g. a policy being edited in memory; names under {@value #SCENARIOS} are scenarios. */
    public static PolicyFiles of(String origin, Map<String, String> files) {
        SortedMap<String, String> rules = new TreeMap<>();
        SortedMap<String, String> scenarios = new TreeMap<>();
        files.forEach((name, text) -> {
            if (name.startsWith(SCENARIOS)) {
                scenarios.put(name.substring(SCENARIOS.length()), text);
            } else {
                rules.put(name, text);
            }
        });
        return new PolicyFiles(origin, rules, scenarios);
    }

    /** The shipped policy, as listed in {@value #CLASSPATH_INDEX}. */
    public static PolicyFiles classpath() {
        ClassLoader loader = PolicyFiles.class.getClassLoader();
        Map<String, String> files = new TreeMap<>();
        for (String line : resource(loader, CLASSPATH_INDEX).split("\\R")) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                files.put(name, resource(loader, CLASSPATH_FOLDER + name));
            }
        }
        return of("classpath", files);
    }

    /**
     * A policy folder: every {@code *.drl} and {@code *.csv} file in it, and {@value #SCENARIOS}{@code *.csv}.
     * Other files (notes, a README) are left alone.
     *
     * @throws PolicyException when the folder does not exist or holds no rule file
     */
    public static PolicyFiles folder(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new PolicyException("cannot read the policy folder " + dir,
                    List.of(new PolicyProblem("", 0, dir + " is not a folder; make one with: credence rules export --out " + dir)));
        }
        SortedMap<String, String> rules = read(dir);
        if (rules.keySet().stream().noneMatch(n -> n.endsWith(".drl") || isDecisionTable(n))) {
            throw new PolicyException("cannot read the policy folder " + dir, List.of(new PolicyProblem("", 0,
                    dir + " holds no rule file (*.drl or a decision table *.drl.csv)")));
        }
        Path scenarios = dir.resolve(SCENARIOS);
        return new PolicyFiles(dir.toAbsolutePath().normalize().toString(), rules,
                Files.isDirectory(scenarios) ? read(scenarios) : new TreeMap<>());
    }

    private static SortedMap<String, String> read(Path dir) {
        SortedMap<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".drl") || name.endsWith(".csv")) {
                    files.put(name, Files.readString(p, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the policy folder " + dir, e);
        }
        return files;
    }

    /**
     * Writes every file into {@code dir} (created if needed), scenarios into its {@value #SCENARIOS}.
     *
     * @throws IllegalStateException when a file would be overwritten: an analyst's edits are never replaced
     * @return the paths written, in order
     */
    public List<Path> writeTo(Path dir) {
        List<Path> targets = new ArrayList<>();
        rules.keySet().forEach(n -> targets.add(dir.resolve(n)));
        scenarios.keySet().forEach(n -> targets.add(dir.resolve(SCENARIOS).resolve(n)));
        for (Path p : targets) {
            if (Files.exists(p)) {
                throw new IllegalStateException(p + " exists; export into an empty or new folder (nothing was written)");
            }
        }
        try {
            Files.createDirectories(dir.resolve(SCENARIOS));
            for (Map.Entry<String, String> e : rules.entrySet()) {
                Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
            }
            for (Map.Entry<String, String> e : scenarios.entrySet()) {
                Files.writeString(dir.resolve(SCENARIOS).resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the policy to " + dir, e);
        }
        return targets;
    }

    /** The DRL files by name. */
    public SortedMap<String, String> drl() {
        SortedMap<String, String> drl = new TreeMap<>();
        rules.forEach((n, t) -> {
            if (n.endsWith(".drl")) {
                drl.put(n, t);
            }
        });
        return drl;
    }

    /** The decision tables by name: the {@code *}{@value #DECISION_TABLE} files (the suffix Drools knows them by). */
    public SortedMap<String, String> decisionTables() {
        SortedMap<String, String> tables = new TreeMap<>();
        rules.forEach((n, t) -> {
            if (isDecisionTable(n)) {
                tables.put(n, t);
            }
        });
        return tables;
    }

    static boolean isDecisionTable(String name) {
        return name.endsWith(DECISION_TABLE);
    }

    /** SHA-256 over the rule files in name order (each name, then its content): the rule base's digest. */
    public String digest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> e : rules.entrySet()) {
                sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(e.getValue().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** The UTF-8 text of classpath resource {@code name}; a missing one is an IllegalStateException naming it. */
    public static String resource(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }
}
