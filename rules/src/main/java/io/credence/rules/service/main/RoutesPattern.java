package io.credence.rules.service.main;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The integrator's routes as {@code serve --routes PATTERN} gives them: one or more comma-separated
 * entries, each {@code file:PATH} (a {@code *} or {@code **} in the file name part matches files, as
 * in camel-main's {@code camel.main.routesIncludePattern}), {@code classpath:PATH}, or a plain path
 * (taken as {@code file:}). Routes are YAML DSL ({@code .yaml}, {@code .yml}). Checked before the
 * service opens anything, so that a mistake stops the start naming the entry.
 *
 * <pre>{@code
 * RoutesPattern routes = RoutesPattern.parse("file:/etc/credence/*.yaml");
 * main.configure().setRoutesIncludePattern(routes.pattern());
 * }</pre>
 *
 * @param pattern the pattern for camel-main, every entry with its scheme
 * @param files   the files the {@code file:} entries match now, in order
 */
public record RoutesPattern(String pattern, List<Path> files) {

    /** The camel-main key {@code --routes} sets. */
    public static final String KEY = "camel.main.routesIncludePattern";

    /** File name endings Credence can load routes from. */
    static final List<String> KINDS = List.of(".yaml", ".yml");

    public RoutesPattern {
        files = List.copyOf(files);
    }

    /**
     * Checks and normalizes {@code pattern}.
     *
     * @throws RoutesRefusedException naming the entry: empty, an unknown scheme, a file kind other than
     *                                YAML, a folder that does not exist, or no file that matches
     */
    public static RoutesPattern parse(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new RoutesRefusedException("--routes: the pattern is empty; give e.g. file:/etc/credence/*.yaml");
        }
        List<String> entries = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (String raw : pattern.split(",")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                throw new RoutesRefusedException("--routes " + pattern + ": an empty entry between commas");
            }
            if (entry.startsWith("classpath:")) {
                kind(entry, entry.substring("classpath:".length()));
                entries.add(entry);
                continue;
            }
            String path = entry.startsWith("file:") ? entry.substring("file:".length()) : entry;
            if (path.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*") && !path.matches("^[a-zA-Z]:[\\\\/].*")) {
                throw new RoutesRefusedException("--routes entry " + entry + ": unknown scheme; use file:PATH or classpath:PATH");
            }
            kind(entry, path);
            files.addAll(matches(entry, path));
            entries.add("file:" + path);
        }
        return new RoutesPattern(String.join(",", entries), files);
    }

    private static void kind(String entry, String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (KINDS.stream().noneMatch(lower::endsWith)) {
            throw new RoutesRefusedException("--routes entry " + entry + ": routes are read from YAML DSL files "
                    + KINDS + "; end the pattern with *.yaml");
        }
    }

    /** The files {@code path} matches; at least one. */
    private static List<Path> matches(String entry, String path) {
        Path whole = Path.of(path);
        int wildcard = path.indexOf('*');
        if (wildcard < 0) {
            if (!Files.isRegularFile(whole)) {
                throw new RoutesRefusedException("--routes entry " + entry + ": no such file " + whole.toAbsolutePath());
            }
            return List.of(whole);
        }
        // The folder is the part before the segment with the first wildcard.
        int cut = Math.max(path.lastIndexOf('/', wildcard), path.lastIndexOf('\\', wildcard));
        Path folder = cut < 0 ? Path.of("") : Path.of(path.substring(0, cut + 1));
        if (!Files.isDirectory(folder.toAbsolutePath())) {
            throw new RoutesRefusedException("--routes entry " + entry + ": no such folder " + folder.toAbsolutePath());
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + path.substring(cut + 1));
        Path root = folder.toAbsolutePath();
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> found = walk.filter(Files::isRegularFile)
                    .filter(p -> matcher.matches(root.relativize(p))).sorted().toList();
            if (found.isEmpty()) {
                throw new RoutesRefusedException("--routes entry " + entry + ": no file in " + root + " matches "
                        + path.substring(cut + 1));
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("--routes entry " + entry + ": cannot list " + root, e);
        }
    }
}
