package io.credence.rules.audit.web;

/**
 * Builds HTML text; every piece of data goes through {@link #text}. The one HTML escaper of the
 * service: the compliance pages and the adverse action notice ({@code io.credence.rules.notice}).
 *
 * <pre>{@code
 * String html = new Html().raw("<p id=\"name\">").text(untrusted).raw("</p>").toString();
 * }</pre>
 */
public final class Html {

    private final StringBuilder out = new StringBuilder(4096);

    /** Escapes text for element content and double-quoted attribute values. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder s = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&#39;");
                default -> s.append(c);
            }
        }
        return s.toString();
    }

    /** Appends markup written by this package, never data. */
    public Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /** Appends data, escaped. */
    public Html text(Object value) {
        out.append(escape(value == null ? "" : value.toString()));
        return this;
    }

    /** {@code <tag>text</tag>} with the text escaped. */
    public Html element(String tag, Object value) {
        return raw("<" + tag + ">").text(value).raw("</" + tag.split(" ")[0] + ">");
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
