package io.credence.rules.service.batch;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The results file of one batch input, written as results are made and resumable after a crash.
 *
 * <pre>{@code
 * try (ResultsFile results = ResultsFile.open(outputDir, "batch.csv", ResultsFile.fingerprint(input), 1000)) {
 *     long done = results.completeLines();          // results a previous run already wrote: skip that many records
 *     ...
 *     results.append("{\"line\": 7, ...}");          // one line per record, in input order
 *     ...
 *     Path finished = results.complete();           // batch.csv.results.jsonl
 * }
 * }</pre>
 *
 * <p>Lines go to {@code <name>.results.jsonl.<fingerprint>.partial}, each handed to the operating
 * system as soon as it is appended (so a killed process loses none that {@code append} returned
 * for) and forced to disk every {@code syncEvery} lines and at the end (so a power failure loses at
 * most that many). {@link #complete()} renames the partial file to {@code <name>.results.jsonl},
 * replacing an older one. The fingerprint (of the input's content) ties a partial file to the input
 * it belongs to: a partial file of other content under the same name is never resumed, and is
 * deleted when a new one starts. When a partial file is resumed, a torn last line (no line feed)
 * is cut off; {@link #completeLines()} counts the lines before it.
 */
public final class ResultsFile implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(ResultsFile.class);

    /** Suffix of the results file of each input file. */
    public static final String SUFFIX = ".results.jsonl";

    private final Path partial;
    private final Path target;
    private final FileChannel channel;
    private final OutputStream out;
    private final long completeLines;
    private final int syncEvery;
    private long unsynced;
    private boolean closed;

    private ResultsFile(Path partial, Path target, FileChannel channel, long completeLines, int syncEvery) {
        this.partial = partial;
        this.target = target;
        this.channel = channel;
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 0x10000);
        this.completeLines = completeLines;
        this.syncEvery = syncEvery;
    }

    /**
     * Opens the partial results of {@code inputName} with this fingerprint, or starts one.
     *
     * @param syncEvery force the file to disk after this many lines (at least 1)
     */
    public static ResultsFile open(Path outputDir, String inputName, String fingerprint, int syncEvery) throws IOException {
        if (syncEvery < 1) {
            throw new IllegalArgumentException("syncEvery must be at least 1, was " + syncEvery);
        }
        Files.createDirectories(outputDir);
        String prefix = inputName + SUFFIX + ".";
        Path partial = outputDir.resolve(prefix + fingerprint + ".partial");
        try (DirectoryStream<Path> files = Files.newDirectoryStream(outputDir)) {
            for (Path other : files) {
                String name = other.getFileName().toString();
                if (name.startsWith(prefix) && name.endsWith(".partial") && !other.equals(partial)) {
                    LOG.warn("deleting {}: partial results of other content under the name {}", other, inputName);
                    Files.delete(other);
                }
            }
        }
        FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            long[] complete = completeLines(channel);
            if (complete[1] < channel.size()) {
                LOG.info("{}: cutting off a torn last line ({} bytes)", partial, channel.size() - complete[1]);
                channel.truncate(complete[1]);
                channel.force(false);
            }
            channel.position(complete[1]);
            return new ResultsFile(partial, outputDir.resolve(inputName + SUFFIX), channel, complete[0], syncEvery);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** {count of line feeds, offset just after the last one}. */
    private static long[] completeLines(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(0x10000);
        long lines = 0;
        long end = 0;
        long offset = 0;
        channel.position(0);
        while (channel.read(buffer) >= 0) {
            buffer.flip();
            for (int i = 0; i < buffer.limit(); i++) {
                if (buffer.get(i) == '\n') {
                    lines++;
                    end = offset + i + 1;
                }
            }
            offset += buffer.limit();
            buffer.clear();
        }
        return new long[] {lines, end};
    }

    /** Lines already in the file when it was opened: that many records are done. */
    public long completeLines() {
        return completeLines;
    }

    /** The partial file being written. */
    public Path partialPath() {
        return partial;
    }

    /** Appends one result line ({@code line} holds no line feed) and hands it to the operating system. */
    public void append(String line) throws IOException {
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        out.flush();
        if (++unsynced >= syncEvery) {
            sync();
        }
    }

    /** Forces what was appended to disk. */
    public void sync() throws IOException {
        out.flush();
        channel.force(false);
        unsynced = 0;
    }

    /** Forces the file to disk, closes it and renames it to {@code <name>.results.jsonl}; returns that path. */
    public Path complete() throws IOException {
        sync();
        closed = true;
        channel.close();
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.getParent());
        return target;
    }

    /** Leaves the partial file for a later run: forced to disk and closed. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            sync();
        } finally {
            channel.close();
        }
    }

    /** Makes a rename durable (Linux: fsync of the directory); not every platform can, which is no error. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.debug("cannot force directory {}: {}", dir, e.toString());
        }
    }

    /** A short hash of a file's content: partial results belong to the content they were made from. */
    public static String fingerprint(Path file) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        byte[] buffer = new byte[0x10000];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 8);
    }
}
