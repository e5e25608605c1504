package io.credence.training.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files for tests: written to a temporary folder, or the committed slices under src/test/resources/data. */
public final class TestFiles {

    private TestFiles() {
    }

    public static Path write(Path dir, String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A committed data slice, e.g. {@code german-credit-sample.csv}. */
    public static Path resource(String name) {
        try {
            return Path.of(TestFiles.class.getResource("/data/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
