package io.credence.rules.service.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where records end, what is kept of them, and that nothing longer than the limit is held. */
class RecordReaderTest {

    static List<RecordReader.RawRecord> read(byte[] bytes, RecordReader.Framing framing, int max) throws IOException {
        return read(new ByteArrayInputStream(bytes), framing, max);
    }

    static List<RecordReader.RawRecord> read(InputStream in, RecordReader.Framing framing, int max) throws IOException {
        List<RecordReader.RawRecord> out = new ArrayList<>();
        try (RecordReader reader = new RecordReader(in, framing, max)) {
            for (RecordReader.RawRecord r = reader.next(); r != null; r = reader.next()) {
                out.add(r);
            }
        }
        return out;
    }

    static List<String> texts(List<RecordReader.RawRecord> records) {
        return records.stream().map(r -> r.overLong() ? "<" + r.size() + " bytes>" : new String(r.bytes(), StandardCharsets.UTF_8))
                .toList();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void linesEndAtLineFeedsWithoutTheirCarriageReturnsAndAnUnterminatedLastLineCounts() throws IOException {
        List<RecordReader.RawRecord> records = read(utf8("a\r\nb\n\nlast"), RecordReader.Framing.LINES, 100);

        assertEquals(List.of("a", "b", "", "last"), texts(records));
        assertEquals(List.of(1L, 2L, 3L, 4L), records.stream().map(RecordReader.RawRecord::line).toList());
    }

    @Test
    void aFinalLineFeedDoesNotMakeAnEmptyLastRecord() throws IOException {
        assertEquals(List.of("a", "b"), texts(read(utf8("a\nb\n"), RecordReader.Framing.LINES, 100)));
        assertEquals(List.of(), texts(read(new byte[0], RecordReader.Framing.LINES, 100)));
    }

    @Test
    void aByteOrderMarkAtTheStartIsSkippedAndNowhereElse() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] file = new byte[9];
        System.arraycopy(bom, 0, file, 0, 3);
        file[3] = 'a';
        file[4] = '\n';
        System.arraycopy(bom, 0, file, 5, 3);
        file[8] = 'b';

        List<RecordReader.RawRecord> records = read(file, RecordReader.Framing.LINES, 100);

        assertArrayEquals(utf8("a"), records.get(0).bytes());
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'b'}, records.get(1).bytes());
    }

    @Test
    void aByteOrderMarkDeliveredOneByteAtATimeIsStillSkipped() throws IOException {
        InputStream trickle = new ByteArrayInputStream(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'x', '\n'}) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };

        assertEquals(List.of("x"), texts(read(trickle, RecordReader.Framing.LINES, 100)));
    }

    @Test
    void aCsvRecordRunsOverLineBreaksInsideQuotes() throws IOException {
        String csv = "id,note\r\n"
                + "1,\"two\r\nlines, and a \"\"quote\"\"\"\r\n"
                + "2,\"a quoted field \"\"\n\"\" whose quotes pair up\"\n"
                + "3,plain\n";

        List<RecordReader.RawRecord> records = read(utf8(csv), RecordReader.Framing.CSV, 1000);

        assertEquals(List.of("id,note", "1,\"two\r\nlines, and a \"\"quote\"\"\"",
                "2,\"a quoted field \"\"\n\"\" whose quotes pair up\"", "3,plain"), texts(records));
        assertEquals(List.of(1L, 2L, 4L, 6L), records.stream().map(RecordReader.RawRecord::line).toList());
    }

    @Test
    void aQuoteInsideAnUnquotedCsvFieldIsTextAndDoesNotOpenAField() throws IOException {
        // Commons CSV reads 5"4 as the text 5"4: the record ends at the line feed.
        assertEquals(List.of("a,5\"4,b", "next"), texts(read(utf8("a,5\"4,b\nnext\n"), RecordReader.Framing.CSV, 100)));
    }

    @Test
    void anUnclosedQuoteRunsToTheEndOfTheFile() throws IOException {
        assertEquals(List.of("ok", "1,\"open\nrest"), texts(read(utf8("ok\n1,\"open\nrest"), RecordReader.Framing.CSV, 100)));
    }

    @Test
    void aRecordOverTheLimitIsReportedBySizeAndTheNextOneIsReadWhole() throws IOException {
        String longLine = "x".repeat(250_000);

        List<RecordReader.RawRecord> records = read(utf8("short\n" + longLine + "\r\nafter\n"), RecordReader.Framing.LINES, 1000);

        assertEquals(List.of("short", "<250000 bytes>", "after"), texts(records));
        assertNull(records.get(1).bytes());
        assertEquals(3L, records.get(2).line());
    }

    @Test
    void aQuotedCsvRecordOverTheLimitIsSkippedToItsRealEnd() throws IOException {
        String quoted = "1,\"" + "line\n".repeat(1000) + "\"";

        List<RecordReader.RawRecord> records = read(utf8("h\n" + quoted + "\n2,next\n"), RecordReader.Framing.CSV, 100);

        assertEquals(List.of("h", "<" + quoted.length() + " bytes>", "2,next"), texts(records));
        assertEquals(1003L, records.get(2).line());
    }

    @Test
    void aRecordOfExactlyTheLimitIsKeptEvenWithACarriageReturnAfterIt() throws IOException {
        List<RecordReader.RawRecord> records = read(utf8("12345\r\n123456\n"), RecordReader.Framing.LINES, 5);

        assertEquals(List.of("12345", "<6 bytes>"), texts(records));
    }

    @Test
    void aStreamFarLongerThanTheReadBufferIsSplitIntoEveryRecord() throws IOException {
        // 200,000 records (about 2.3 MB, 35 x the 64 KiB read buffer), generated as they are read
        int count = 200_000;
        InputStream generated = new InputStream() {
            int record;
            byte[] current = new byte[0];
            int at;

            @Override
            public int read() {
                if (at == current.length) {
                    if (record == count) {
                        return -1;
                    }
                    current = utf8("record-" + record++ + "\n");
                    at = 0;
                }
                return current[at++];
            }
        };
        long seen = 0;
        try (RecordReader reader = new RecordReader(generated, RecordReader.Framing.LINES, 64)) {
            for (RecordReader.RawRecord r = reader.next(); r != null; r = reader.next()) {
                assertEquals("record-" + seen, new String(r.bytes(), StandardCharsets.UTF_8));
                assertEquals(seen + 1, r.line());
                seen++;
            }
        }
        assertEquals(count, seen);
    }
}
