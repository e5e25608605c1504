package io.credence.rules.service.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One scrape of {@code /metrics} read back: every sample line {@code name{labels} value} by its
 * series ({@code name{labels}} exactly as written), for tests.
 */
record Scrape(Map<String, Double> samples) {

    static Scrape parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new Scrape(samples);
    }

    /** The value of one series, 0 when it is not (yet) there. */
    double value(String series) {
        return samples.getOrDefault(series, 0.0);
    }

    /** The sum over every series of {@code name} (any labels). */
    double sum(String name) {
        return samples.entrySet().stream()
                .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .mapToDouble(Map.Entry::getValue).sum();
    }
}
