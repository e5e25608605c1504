package io.credence.rules.service.batch;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into records, one at a time, never holding more than one record of at
 * most {@code maxBytes} (plus a fixed read buffer), however long the stream or a record is.
 *
 * <pre>{@code
 * try (RecordReader records = new RecordReader(Files.newInputStream(file), RecordReader.Framing.CSV, 65536)) {
 *     for (RawRecord r = records.next(); r != null; r = records.next()) {
 *         if (r.overLong()) { ... r.size() bytes, not kept ... } else { ... r.bytes() ... }
 *     }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>A UTF-8 byte-order mark at the start of the stream is skipped.</li>
 *   <li>{@link Framing#LINES}: a record ends at a line feed.</li>
 *   <li>{@link Framing#CSV}: a record ends at a line feed outside double quotes, as RFC 4180
 *       (and Commons CSV, which parses the fields) reads it: a field that starts with a quote runs
 *       to the next lone quote ({@code ""} is a quote inside), so it may hold line feeds. Only
 *       where a record ends is decided here; the fields are Commons CSV's job.</li>
 *   <li>A carriage return before the line feed is not part of the record. At the end of the
 *       stream, an unterminated last record (no final line feed, or an unclosed quote) is
 *       returned as it is.</li>
 *   <li>A record longer than {@code maxBytes} is read to its end and reported by its size, its
 *       bytes dropped as they go by.</li>
 * </ul>
 */
public final class RecordReader implements Closeable {

    /** Where a record ends. */
    public enum Framing {
        /** At every line feed (JSON Lines). */
        LINES,
        /** At a line feed outside a quoted field (RFC 4180). */
        CSV
    }

    private static final int FIELD_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE_IN_QUOTED = 3;

    private final InputStream in;
    private final Framing framing;
    private final int maxBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean started;
    /** Kept bytes of the record being read: at most maxBytes + 1 (a carriage return may follow). */
    private byte[] record = new byte[256];
    private long line = 1;

    public RecordReader(InputStream in, Framing framing, int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, was " + maxBytes);
        }
        this.in = in;
        this.framing = framing;
        this.maxBytes = maxBytes;
    }

    /**
     * One record as read.
     *
     * @param line     1-based line of the stream the record starts on
     * @param bytes    its bytes (without the line break), or null when it is over the limit
     * @param size     its length in bytes (without the line break)
     */
    public record RawRecord(long line, byte[] bytes, long size) {
        public boolean overLong() {
            return bytes == null;
        }
    }

    /** The next record, or null at the end of the stream. */
    public RawRecord next() throws IOException {
        if (!started) {
            started = true;
            skipByteOrderMark();
        }
        if (pos == limit && !fill()) {
            return null;
        }
        long first = line;
        long size = 0;
        int kept = 0;
        int state = FIELD_START;
        byte last = 0;
        while (pos < limit || fill()) {
            byte b = buffer[pos++];
            if (b == '\n') {
                line++;
                if (framing == Framing.LINES || state != QUOTED) {
                    break;
                }
            }
            if (framing == Framing.CSV) {
                state = csv(state, b);
            }
            size++;
            last = b;
            if (kept <= maxBytes) {
                if (kept == record.length) {
                    record = Arrays.copyOf(record, (int) Math.min((long) record.length * 2, maxBytes + 1L));
                }
                record[kept++] = b;
            }
        }
        if (last == '\r') {
            size--;
            kept = (int) Math.min(kept, size);
        }
        return new RawRecord(first, size > maxBytes ? null : Arrays.copyOf(record, kept), size);
    }

    /** RFC 4180 as Commons CSV's lexer reads it: a quote opens a field only as its first character. */
    private static int csv(int state, byte b) {
        return switch (state) {
            case FIELD_START -> b == '"' ? QUOTED : b == ',' ? FIELD_START : UNQUOTED;
            case UNQUOTED -> b == ',' ? FIELD_START : UNQUOTED;
            case QUOTED -> b == '"' ? QUOTE_IN_QUOTED : QUOTED;
            default -> b == '"' ? QUOTED : b == ',' ? FIELD_START : UNQUOTED;   // after a quote in a quoted field
        };
    }

    private void skipByteOrderMark() throws IOException {
        while (limit - pos < 3 && !eof) {
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        }
        if (limit - pos >= 3 && buffer[pos] == (byte) 0xEF && buffer[pos + 1] == (byte) 0xBB && buffer[pos + 2] == (byte) 0xBF) {
            pos += 3;
        }
    }

    /** Refills the buffer; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
