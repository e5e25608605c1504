package io.credence.rules.service.input;

import java.util.HexFormat;

/**
 * Finds and escapes the characters of a text that nobody can see and some stores refuse:
 * control characters (U+0000–U+001F, U+007F–U+009F; PostgreSQL keeps no U+0000 in text) and
 * unpaired surrogates (no UTF-8 encoding exists for them). The one helper for showing or storing
 * an input that was refused.
 *
 * <pre>{@code
 * String id = "AB" + (char) 0 + "C";
 * VisibleText.indexOfInvisible(id);            // 2
 * VisibleText.escape(id);                      // "AB\\u0000C" as a Java literal: a visible backslash, then u0000
 * VisibleText.escapeKeepingLines(rawJson);     // the same, but tab, LF and CR kept: for whole inputs
 * }</pre>
 *
 * <p>Escaping is not reversible (an escape that was sent as six characters of text reads the
 * same); it is for the audit record and the error a caller sees, never for deciding. Text without
 * such characters is returned as it is.
 */
public final class VisibleText {

    private static final HexFormat HEX = HexFormat.of();

    private VisibleText() {
    }

    /** Index of the first control character or unpaired surrogate, or -1 when the text has none. */
    public static int indexOfInvisible(String text) {
        return indexOfInvisible(text, false);
    }

    /** Every control character and unpaired surrogate written as {@code \}{@code uXXXX}; null stays null. */
    public static String escape(String text) {
        return escape(text, false);
    }

    /**
     * As {@link #escape}, but tab, line feed and carriage return are kept: the white space a JSON
     * document or a file of lines legitimately holds.
     */
    public static String escapeKeepingLines(String text) {
        return escape(text, true);
    }

    /** {@code U+0000}: how a character is named in a violation. */
    public static String codePoint(char c) {
        return "U+" + HEX.withUpperCase().toHexDigits(c);
    }

    private static String escape(String text, boolean keepLines) {
        if (text == null) {
            return null;
        }
        int first = indexOfInvisible(text, keepLines);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isInvisible(text, i, keepLines)) {
                out.append("\\u").append(HEX.toHexDigits(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int indexOfInvisible(String text, boolean keepLines) {
        for (int i = 0; i < text.length(); i++) {
            if (isInvisible(text, i, keepLines)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isInvisible(String text, int i, boolean keepLines) {
        char c = text.charAt(i);
        if (c < 0x20) {
            return !(keepLines && (c == '\t' || c == '\n' || c == '\r'));
        }
        if (c >= 0x7F && c <= 0x9F) {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
        }
        return false;
    }
}
