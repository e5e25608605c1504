package io.credence.rules.service.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutesPatternTest {

    @TempDir
    Path dir;

    @Test
    void aWildcardMatchesTheYamlFilesOfItsFolderAndSeveralEntriesAreJoined() throws Exception {
        Files.writeString(dir.resolve("b.yaml"), "- route: {}\n");
        Files.writeString(dir.resolve("a.yaml"), "- route: {}\n");
        Files.writeString(dir.resolve("notes.txt"), "not a route");
        Path single = Files.writeString(Files.createDirectories(dir.resolve("more")).resolve("c.yml"), "- route: {}\n");

        RoutesPattern routes = RoutesPattern.parse("file:" + dir + "/*.yaml, " + single);

        assertEquals("file:" + dir + "/*.yaml,file:" + single, routes.pattern(), "a plain path is a file: entry");
        assertEquals(List.of(dir.resolve("a.yaml"), dir.resolve("b.yaml"), single), routes.files());
    }

    @Test
    void aFolderThatDoesNotExistIsNamed() {
        RoutesRefusedException e = assertThrows(RoutesRefusedException.class,
                () -> RoutesPattern.parse("file:" + dir.resolve("missing") + "/*.yaml"));
        assertEquals("--routes entry file:" + dir.resolve("missing") + "/*.yaml: no such folder " + dir.resolve("missing"),
                e.getMessage());
    }

    @Test
    void aPatternThatMatchesNothingIsRefused() {
        RoutesRefusedException e = assertThrows(RoutesRefusedException.class,
                () -> RoutesPattern.parse("file:" + dir + "/*.yaml"));
        assertTrue(e.getMessage().endsWith(": no file in " + dir + " matches *.yaml"), e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
        RoutesRefusedException e = assertThrows(RoutesRefusedException.class,
                () -> RoutesPattern.parse(dir.resolve("routes.yaml").toString()));
        assertTrue(e.getMessage().endsWith("no such file " + dir.resolve("routes.yaml")), e.getMessage());
    }

    @Test
    void onlyYamlRoutesAndKnownSchemesAreTaken() {
        assertTrue(assertThrows(RoutesRefusedException.class, () -> RoutesPattern.parse("file:" + dir + "/*.java"))
                .getMessage().contains("routes are read from YAML DSL files [.yaml, .yml]"));
        assertTrue(assertThrows(RoutesRefusedException.class, () -> RoutesPattern.parse("http://example.test/r.yaml"))
                .getMessage().contains("unknown scheme"));
        assertTrue(assertThrows(RoutesRefusedException.class, () -> RoutesPattern.parse(" "))
                .getMessage().contains("the pattern is empty"));
        assertTrue(assertThrows(RoutesRefusedException.class, () -> RoutesPattern.parse("classpath:a.yaml,,b.yaml"))
                .getMessage().contains("an empty entry between commas"));
    }
}
