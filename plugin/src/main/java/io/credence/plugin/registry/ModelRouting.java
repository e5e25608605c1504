package io.credence.plugin.registry;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@link ModelRoute routes} of a registry, by model name, read from {@value #FILE} in the
 * models folder:
 *
 * <pre>
 * # models/models.properties
 * credit-default.champion         = 1.0.0
 * credit-default.challenger       = 1.1.0
 * credit-default.challenger.share = 0.10
 * credit-default.shadow           = 1.2.0, 2.0.0-rc1
 * </pre>
 *
 * <p>A model without a route serves its highest loaded version, as before routing existed. A
 * model with one serves only the versions it names: a package added to the folder serves nothing
 * until the file names it.
 *
 * @param routes by model name
 */
public record ModelRouting(Map<String, ModelRoute> routes) {

    /** The file's name inside the models folder. */
    public static final String FILE = "models.properties";

    /** No routes: every model serves its highest loaded version. */
    public static final ModelRouting NONE = new ModelRouting(Map.of());

    /** The settings a key ends with; no one is a suffix of another, so a key matches at most one. */
    private static final List<String> KEYS = List.of("champion", "challenger", "challenger.share", "shadow");

    public ModelRouting {
        routes = Collections.unmodifiableMap(new TreeMap<>(routes));
    }

    /** The route of a model, if it has one. */
    public Optional<ModelRoute> route(String model) {
        return Optional.ofNullable(routes.get(model));
    }

    /** {@value #FILE} in {@code modelsDir}, or {@link #NONE} when there is none. */
    public static ModelRouting readFolder(Path modelsDir) {
        Path file = modelsDir.resolve(FILE);
        return Files.isRegularFile(file) ? read(file) : NONE;
    }

    /**
     * Reads a routing file.
     *
     * @throws ModelPackageException naming the file, the key and what was expected
     */
    public static ModelRouting read(Path file) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelPackageException(file + ": cannot read the model routing: " + e.getMessage(), e);
        }
        return parse(properties, file.toString());
    }

    /**
     * The routes in {@code properties} ({@code <model>.champion}, {@code <model>.challenger},
     * {@code <model>.challenger.share}, {@code <model>.shadow}).
     *
     * @param origin where they come from, for messages
     * @throws ModelPackageException naming the origin, the key and what was expected
     */
    public static ModelRouting parse(Properties properties, String origin) {
        Map<String, Map<String, String>> byModel = new TreeMap<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            String setting = KEYS.stream().filter(k -> key.endsWith("." + k) && key.length() > k.length() + 1)
                    .findFirst().orElse(null);
            if (setting == null) {
                throw new ModelPackageException(origin + ": unknown key '" + key + "'; expected <model>.champion, "
                        + "<model>.challenger, <model>.challenger.share or <model>.shadow", null);
            }
            String model = key.substring(0, key.length() - setting.length() - 1);
            byModel.computeIfAbsent(model, m -> new TreeMap<>()).put(setting, properties.getProperty(key).strip());
        }
        Map<String, ModelRoute> routes = new TreeMap<>();
        for (Map.Entry<String, Map<String, String>> e : byModel.entrySet()) {
            routes.put(e.getKey(), route(e.getKey(), e.getValue(), origin));
        }
        return new ModelRouting(routes);
    }

    private static ModelRoute route(String model, Map<String, String> settings, String origin) {
        String champion = settings.get("champion");
        if (champion == null || champion.isEmpty()) {
            throw new ModelPackageException(origin + ": " + model + ".champion is missing; a routed model names the "
                    + "version that decides (e.g. " + model + ".champion = 1.0.0)", null);
        }
        String challenger = blankToNull(settings.get("challenger"));
        String shareText = settings.get("challenger.share");
        double share = 0;
        if (challenger != null && shareText == null) {
            throw new ModelPackageException(origin + ": " + model + ".challenger.share is missing; expected the "
                    + "challenger's share of applications, a number from 0 to 1 (e.g. 0.10)", null);
        }
        if (shareText != null) {
            try {
                share = Double.parseDouble(shareText);
            } catch (NumberFormatException x) {
                throw new ModelPackageException(origin + ": " + model + ".challenger.share is '" + shareText
                        + "'; expected a number from 0 to 1 (e.g. 0.10)", x);
            }
        }
        List<String> shadows = new ArrayList<>();
        String shadowText = settings.get("shadow");
        if (shadowText != null && !shadowText.isBlank()) {
            Arrays.stream(shadowText.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(shadows::add);
        }
        try {
            return new ModelRoute(model, champion, challenger, share, shadows);
        } catch (IllegalArgumentException x) {
            throw new ModelPackageException(origin + ": " + x.getMessage(), x);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** One line per route, for logs and status pages: {@code credit-default: champion 1.0.0, challenger 1.1.0 (10 %), shadow [1.2.0]}. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        routes.forEach((model, r) -> lines.add(model + ": champion " + r.champion()
                + (r.challenger() == null ? "" : ", challenger " + r.challenger() + " (" + r.challengerShare() * 100 + " %)")
                + (r.shadows().isEmpty() ? "" : ", shadow " + r.shadows())));
        return lines;
    }
}
