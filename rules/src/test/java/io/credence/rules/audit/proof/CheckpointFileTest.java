package io.credence.rules.audit.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFileTest {

    private static final KeyPair KEYS = SigningKeys.generate();
    private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");

    @TempDir
    Path dir;

    private final MerkleTree tree = ProofFixtures.treeOf(ProofFixtures.leaves(30));
    private final CheckpointSigner signer = new CheckpointSigner(KEYS);

    private Checkpoint at(long size, int minute) {
        return signer.sign(size, tree.root(size), T0.plusSeconds(60L * minute));
    }

    private CheckpointFile threeCheckpoints() {
        CheckpointFile file = new CheckpointFile(dir.resolve("witness"));
        file.append(at(5, 0));
        file.append(at(5, 1));
        file.append(at(30, 2));
        return file;
    }

    @Test
    void appendedCheckpointsReadBackInOrderOnePerLine() throws IOException {
        CheckpointFile file = threeCheckpoints();

        assertEquals(List.of(at(5, 0), at(5, 1), at(30, 2)), file.readAll());
        assertEquals(List.of(at(5, 0), at(5, 1), at(30, 2)), file.readVerified(KEYS.getPublic()));
        assertEquals(Optional.of(at(30, 2)), file.latest());
        assertEquals(dir.resolve("witness").resolve(CheckpointFile.FILE_NAME), file.path());
        List<String> lines = Files.readAllLines(file.path());
        assertEquals(3, lines.size());
        assertEquals(at(30, 2).toLine(), lines.get(2));
        assertTrue(Files.readString(file.path()).endsWith("\n"));
    }

    @Test
    void aFileNotWrittenYetHasNoCheckpoints() {
        CheckpointFile file = new CheckpointFile(dir.resolve("empty"));
        assertEquals(List.of(), file.readAll());
        assertEquals(Optional.empty(), file.latest());
    }

    @Test
    void aMalformedLineIsReportedWithItsNumber() throws IOException {
        CheckpointFile file = threeCheckpoints();
        List<String> lines = Files.readAllLines(file.path());
        Files.write(file.path(), List.of(lines.get(0), "credence-checkpoint v1 oops", lines.get(2)),
                StandardCharsets.UTF_8);

        CheckpointFileException e = assertThrows(CheckpointFileException.class, file::readAll);
        assertEquals(2, e.lineNumber());
        assertTrue(e.getMessage().startsWith(file.path() + " line 2: not a checkpoint"), e.getMessage());
    }

    @Test
    void aBadlySignedLineIsReportedWithItsNumber() throws IOException {
        CheckpointFile file = threeCheckpoints();
        List<String> lines = Files.readAllLines(file.path());
        Files.write(file.path(), List.of(lines.get(0), lines.get(1), lines.get(2).replace(" 30 ", " 31 ")),
                StandardCharsets.UTF_8);

        assertEquals(3, file.readAll().size(), "well-formed, so it parses");
        CheckpointFileException e = assertThrows(CheckpointFileException.class,
                () -> file.readVerified(KEYS.getPublic()));
        assertEquals(3, e.lineNumber());
        assertTrue(e.getMessage().contains("does not verify"), e.getMessage());

        CheckpointFileException other = assertThrows(CheckpointFileException.class,
                () -> file.readVerified(SigningKeys.generate().getPublic()));
        assertEquals(1, other.lineNumber());
    }

    @Test
    void aLogThatShrankOrForkedIsReported() throws IOException {
        CheckpointFile file = threeCheckpoints();
        file.append(at(20, 3));
        CheckpointFileException shrank = assertThrows(CheckpointFileException.class,
                () -> file.readVerified(KEYS.getPublic()));
        assertEquals(4, shrank.lineNumber());
        assertTrue(shrank.getMessage().contains("the log shrank"), shrank.getMessage());

        CheckpointFile forked = new CheckpointFile(dir.resolve("forked"));
        forked.append(at(5, 0));
        forked.append(signer.sign(5, tree.root(6), T0.plusSeconds(60)));
        CheckpointFileException fork = assertThrows(CheckpointFileException.class,
                () -> forked.readVerified(KEYS.getPublic()));
        assertEquals(2, fork.lineNumber());
        assertTrue(fork.getMessage().contains("the log forked"), fork.getMessage());
    }

    @Test
    void aDamagedByteIsReportedWithItsLine() throws IOException {
        CheckpointFile file = threeCheckpoints();
        byte[] bytes = Files.readAllBytes(file.path());
        int secondLine = at(5, 0).toLine().length() + 1;
        bytes[secondLine + 30] = (byte) 0xff;
        Files.write(file.path(), bytes);

        CheckpointFileException e = assertThrows(CheckpointFileException.class, file::readAll);
        assertEquals(2, e.lineNumber());
    }

    @Test
    void aTornLastLineIsReportedNotSkipped() throws IOException {
        CheckpointFile file = threeCheckpoints();
        String half = at(30, 3).toLine().substring(0, 50);
        Files.writeString(file.path(), half, StandardOpenOption.APPEND);

        CheckpointFileException e = assertThrows(CheckpointFileException.class, file::readAll);
        assertEquals(4, e.lineNumber());
    }
}
