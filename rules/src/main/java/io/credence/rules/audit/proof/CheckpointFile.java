package io.credence.rules.audit.proof;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An append-only witness file of checkpoints, {@value #FILE_NAME} in a directory: one
 * {@link Checkpoint#toLine() checkpoint line} per line, each appended under a file lock and
 * forced to disk before {@link #append} returns. Kept apart from the database (another disk,
 * another host, a WORM bucket), it lets a reviewer show that the log was not rewritten after a
 * checkpoint was taken.
 *
 * <pre>{@code
 * CheckpointFile witness = new CheckpointFile(Path.of("/var/lib/credence/witness"));
 * witness.append(signer.sign(tree, Instant.now()));
 * List<Checkpoint> all = witness.readVerified(publicKey);   // throws naming the first bad line
 * }</pre>
 */
public final class CheckpointFile {

    /** The file's name inside its directory. */
    public static final String FILE_NAME = "checkpoints.log";

    private final Path directory;
    private final Path file;

    public CheckpointFile(Path directory) {
        if (directory == null) {
            throw new IllegalArgumentException("a checkpoint file needs a directory");
        }
        this.directory = directory;
        this.file = directory.resolve(FILE_NAME);
    }

    /** The witness file itself. */
    public Path path() {
        return file;
    }

    /** Appends one line and forces it to disk (the directory too, when the file is new). */
    @SuppressWarnings("try")   // the lock is held, not used, for the duration of the write
    public void append(Checkpoint checkpoint) {
        byte[] line = (checkpoint.toLine() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(directory);
            boolean created = !Files.exists(file);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
                 FileLock lock = channel.lock()) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (created) {
                forceDirectory();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append a checkpoint to " + file + ": " + e, e);
        }
    }

    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Not every platform opens a directory for reading (Windows); the file itself is forced.
        }
    }

    /**
     * Every checkpoint in the file, in order; none when the file does not exist yet. Signatures are
     * not checked here ({@link #readVerified} does).
     *
     * @throws CheckpointFileException naming the first line that is not a checkpoint
     */
    public List<Checkpoint> readAll() {
        List<String> lines;
        try {
            // Decoded leniently, so that a damaged byte is reported with its line, not as an I/O error.
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            lines = new ArrayList<>(List.of(text.split("\n", -1)));
            if (lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);   // the line break that ends the last line
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint file " + file + ": " + e, e);
        }
        List<Checkpoint> checkpoints = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            try {
                checkpoints.add(Checkpoint.parse(lines.get(i)));
            } catch (IllegalArgumentException e) {
                throw new CheckpointFileException(file, i + 1, "not a checkpoint: " + e.getMessage(), e);
            }
        }
        return checkpoints;
    }

    /**
     * As {@link #readAll}, and every checkpoint is signed by {@code key}, no tree size is smaller
     * than the one before, and one size never has two roots (a forked log).
     *
     * @throws CheckpointFileException naming the first line that fails
     */
    public List<Checkpoint> readVerified(PublicKey key) {
        CheckpointVerifier verifier = new CheckpointVerifier(key);
        List<Checkpoint> checkpoints = readAll();
        for (int i = 0; i < checkpoints.size(); i++) {
            Checkpoint cp = checkpoints.get(i);
            Verification signed = verifier.verify(cp);
            if (!signed.valid()) {
                throw new CheckpointFileException(file, i + 1, signed.problem(), null);
            }
            if (i > 0) {
                Checkpoint before = checkpoints.get(i - 1);
                if (cp.treeSize() < before.treeSize()) {
                    throw new CheckpointFileException(file, i + 1, "tree size " + cp.treeSize()
                            + " is smaller than the " + before.treeSize() + " of line " + i
                            + ": the log shrank", null);
                }
                if (cp.treeSize() == before.treeSize() && !cp.root().equals(before.root())) {
                    throw new CheckpointFileException(file, i + 1, "root " + cp.root() + " differs from root "
                            + before.root() + " of line " + i + " for the same tree size " + cp.treeSize()
                            + ": the log forked", null);
                }
            }
        }
        return checkpoints;
    }

    /** The last checkpoint, if any. */
    public Optional<Checkpoint> latest() {
        List<Checkpoint> all = readAll();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }
}
