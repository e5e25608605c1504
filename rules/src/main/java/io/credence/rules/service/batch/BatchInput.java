package io.credence.rules.service.batch;

import io.credence.rules.service.input.Violation;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The records of one batch file as text, streamed: blank records are skipped, and a record that
 * cannot be read (over the size limit, not UTF-8) comes back as {@link Unreadable}, so the caller
 * reports it and goes on.
 *
 * <pre>{@code
 * try (BatchInput input = BatchInput.open(path, 65536)) {
 *     for (BatchInput.Item item = input.next(); item != null; item = input.next()) {
 *         if (item instanceof BatchInput.Text t) {
 *             decide(t.line(), t.text());
 *         } else if (item instanceof BatchInput.Unreadable u) {
 *             reject(u.line(), u.violation());   // over the size limit, or not UTF-8
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>{@code *.csv} files are framed as RFC 4180 records (a quoted field may span lines), every
 * other file as lines ({@link RecordReader}); the first item of a CSV file is its header row.
 * Whether a record is blank depends only on its bytes, so the same file always yields the same
 * items in the same order: a results file that holds one line per item can be resumed by count.
 */
public final class BatchInput implements Closeable {

    private final RecordReader records;
    private final int maxBytes;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    /** One non-blank record. */
    public sealed interface Item {
        /** 1-based line of the file the record starts on. */
        long line();
    }

    /** A record as text (without its line break). */
    public record Text(long line, String text) implements Item {
    }

    /** A record that cannot be read as text; {@code violation} says why ({@code $}: the record as a whole). */
    public record Unreadable(long line, Violation violation) implements Item {
    }

    public BatchInput(InputStream in, RecordReader.Framing framing, int maxBytes) {
        this.records = new RecordReader(in, framing, maxBytes);
        this.maxBytes = maxBytes;
    }

    /** Opens a file, framed by its name ({@code *.csv} or lines). */
    public static BatchInput open(Path file, int maxBytes) throws IOException {
        // RecordReader reads in 64 KiB blocks itself
        return new BatchInput(Files.newInputStream(file), framing(file.getFileName().toString()), maxBytes);
    }

    public static RecordReader.Framing framing(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".csv") ? RecordReader.Framing.CSV : RecordReader.Framing.LINES;
    }

    /** The next non-blank record, or null at the end of the file. */
    public Item next() throws IOException {
        for (RecordReader.RawRecord raw = records.next(); raw != null; raw = records.next()) {
            if (raw.overLong()) {
                return new Unreadable(raw.line(), new Violation(Violation.WHOLE_INPUT, raw.size() + " bytes",
                        "a line (record) of at most " + maxBytes + " bytes (credence.file.max-line-bytes)"));
            }
            String text;
            try {
                text = utf8.decode(ByteBuffer.wrap(raw.bytes())).toString();
            } catch (CharacterCodingException e) {
                return new Unreadable(raw.line(), new Violation(Violation.WHOLE_INPUT, raw.size() + " bytes", "UTF-8 text"));
            }
            if (!text.isBlank()) {
                return new Text(raw.line(), text);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        records.close();
    }
}
