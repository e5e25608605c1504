package io.credence.rules.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The canonical JSON the audit chain hashes: object keys sorted by UTF-16 code units (as
 * {@link String#compareTo}), no insignificant white space, strings escaped minimally (only
 * {@code "}, {@code \} and control characters below U+0020, the latter as {@code \b \f \n \r \t}
 * or lower-case {@code \}{@code u00XX}), everything else written as UTF-8. Numbers are written once, when
 * the record is appended, and stored with it; a verifier hashes the stored text and never writes
 * numbers again, so the hash does not depend on a platform's number formatting.
 *
 * <p>Values: {@code null}, {@link Boolean}, {@link String}, {@link Number} (written with
 * {@code toString}; non-finite doubles are not allowed), {@link Map} with String keys and
 * {@link List}. {@link #parse} returns the same kinds, with numbers as {@link JsonNumber} so that
 * the caller decides how to read their text.
 */
final class CanonicalJson {

    /** A number as written in the JSON text. */
    record JsonNumber(String text) {
        double asDouble() {
            return Double.parseDouble(text);
        }

        float asFloat() {
            return Float.parseFloat(text);
        }

        long asLong() {
            return Long.parseLong(text);
        }
    }

    private CanonicalJson() {
    }

    static String write(Object value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value instanceof Map<?, ?> || value instanceof List<?> ? 4096 : 80);
        write(value, out);
        return out.toString();
    }

    /**
     * An object, its keys in order: the entries are sorted only when the map does not already
     * iterate in key order, without a sorted copy of the map (records write tens of small maps).
     */
    private static void writeObject(Map<?, ?> map, StringBuilder out) {
        int n = map.size();
        String[] keys = new String[n];
        Object[] values = new Object[n];
        boolean sorted = true;
        int i = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("canonical JSON object keys must be strings, was " + e.getKey());
            }
            keys[i] = key;
            values[i] = e.getValue();
            if (i > 0 && keys[i - 1].compareTo(key) > 0) {
                sorted = false;
            }
            i++;
        }
        Integer[] order = null;
        if (!sorted) {
            order = new Integer[n];
            for (int j = 0; j < n; j++) {
                order[j] = j;
            }
            Arrays.sort(order, (a, b) -> keys[a].compareTo(keys[b]));
        }
        out.append('{');
        for (int j = 0; j < n; j++) {
            int at = order == null ? j : order[j];
            if (j > 0) {
                out.append(',');
            }
            writeString(keys[at], out);
            out.append(':');
            write(values[at], out);
        }
        out.append('}');
    }

    /** Writes {@code value} at the end of {@code out}. */
    static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            writeString(s, out);
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof JsonNumber n) {
            out.append(n.text());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("canonical JSON numbers must be finite, was " + value);
            }
            if (value instanceof Double) {
                out.append(d);
            } else {
                out.append(((Number) value).floatValue());
            }
        } else if (value instanceof Long || value instanceof Integer) {
            out.append(((Number) value).longValue());
        } else if (value instanceof Map<?, ?> map) {
            writeObject(map, out);
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.get(i), out);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName()
                    + " as canonical JSON, expected null, String, Boolean, Number, Map or List");
        }
    }

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        int run = 0; // start of the characters not yet written, copied in one append
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, run, i);
            run = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(s, run, s.length());
        out.append('"');
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Parses JSON text (any valid JSON, canonical or not). */
    static Object parse(String text) {
        Reader reader = new Reader(text);
        reader.skipSpace();
        Object value = reader.value();
        reader.skipSpace();
        if (reader.pos != text.length()) {
            throw reader.error("end of input");
        }
        return value;
    }

    private static final class Reader {
        private final String text;
        private int pos;

        Reader(String text) {
            this.text = text;
        }

        Object value() {
            if (pos >= text.length()) {
                throw error("a value");
            }
            char c = text.charAt(pos);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> number();
            };
        }

        private Map<String, Object> object() {
            Map<String, Object> map = new LinkedHashMap<>();
            pos++;
            skipSpace();
            if (peek() == '}') {
                pos++;
                return map;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') {
                    throw error("an object key");
                }
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                map.put(key, value());
                skipSpace();
                char c = next();
                if (c == '}') {
                    return map;
                }
                if (c != ',') {
                    pos--;
                    throw error("',' or '}'");
                }
            }
        }

        private List<Object> array() {
            List<Object> list = new ArrayList<>();
            pos++;
            skipSpace();
            if (peek() == ']') {
                pos++;
                return list;
            }
            while (true) {
                skipSpace();
                list.add(value());
                skipSpace();
                char c = next();
                if (c == ']') {
                    return list;
                }
                if (c != ',') {
                    pos--;
                    throw error("',' or ']'");
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder s = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return s.toString();
                }
                if (c != '\\') {
                    s.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> s.append(e);
                    case 'b' -> s.append('\b');
                    case 'f' -> s.append('\f');
                    case 'n' -> s.append('\n');
                    case 'r' -> s.append('\r');
                    case 't' -> s.append('\t');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw error("four hex digits");
                        }
                        s.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> throw error("an escape character");
                }
            }
        }

        private JsonNumber number() {
            int start = pos;
            while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
            if (start == pos) {
                throw error("a value");
            }
            String token = text.substring(start, pos);
            try {
                Double.parseDouble(token);
            } catch (NumberFormatException e) {
                pos = start;
                throw error("a number");
            }
            return new JsonNumber(token);
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, pos)) {
                throw error(word);
            }
            pos += word.length();
            return value;
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private char next() {
            if (pos >= text.length()) {
                throw error("more input");
            }
            return text.charAt(pos++);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("'" + c + "'");
            }
            pos++;
        }

        void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        IllegalArgumentException error(String expected) {
            return new IllegalArgumentException("invalid JSON at offset " + pos + ": expected " + expected);
        }
    }
}
