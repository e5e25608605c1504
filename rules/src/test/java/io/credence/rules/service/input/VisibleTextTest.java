package io.credence.rules.service.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class VisibleTextTest {

    @Test
    void textWithoutControlCharactersIsReturnedAsItIs() {
        String text = "APP-1 \"quoted\" \\u0000 as text, Zoë, 😀 (a surrogate pair)";
        assertSame(text, VisibleText.escape(text));
        assertEquals(-1, VisibleText.indexOfInvisible(text));
        assertNull(VisibleText.escape(null));
    }

    @Test
    void everyC0AndC1ControlCharacterAndDeleteIsEscaped() {
        for (char c = 0; c <= 0x9F; c++) {
            boolean control = c < 0x20 || c >= 0x7F;
            String expected = control ? String.format("a\\u%04xb", (int) c) : "a" + c + "b";
            assertEquals(expected, VisibleText.escape("a" + c + "b"), "U+" + Integer.toHexString(c));
            assertEquals(control ? 1 : -1, VisibleText.indexOfInvisible("a" + c + "b"));
        }
    }

    @Test
    void unpairedSurrogatesAreEscapedPairsAreKept() {
        assertEquals("x\\ud800y", VisibleText.escape("x\uD800y"));
        assertEquals("x\\udc00", VisibleText.escape("x\uDC00"));
        assertEquals("\\ud83d", VisibleText.escape("\uD83D"));
        assertEquals("\uD83D\uDE00", VisibleText.escape("\uD83D\uDE00"));
        assertEquals(1, VisibleText.indexOfInvisible("x\uDC00"));
    }

    @Test
    void wholeInputsKeepTheirTabsAndLineBreaks() {
        assertEquals("{\n\t\"a\": \"\\u0000\"\r\n}", VisibleText.escapeKeepingLines("{\n\t\"a\": \"\0\"\r\n}"));
        assertEquals("\\u0009\\u000a", VisibleText.escape("\t\n"));
    }

    @Test
    void namesCodePointsTheUnicodeWay() {
        assertEquals("U+0000", VisibleText.codePoint('\0'));
        assertEquals("U+D83D", VisibleText.codePoint('\uD83D'));
    }
}
