package io.credence.rules.rulebase;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The texts of the reason codes rules give, from {@code reason-codes.csv}, with placeholders the
 * rule fills in when it gives the reason:
 *
 * <pre>{@code
 * ReasonTexts texts = ReasonTexts.of(Map.of("KO_DEBT_TO_INCOME",
 *         "Debt payments would be {value:percent} of income; the limit is {lower:percent}."), "reason-codes.csv");
 * texts.fill("KO_DEBT_TO_INCOME", Map.of("value", 0.475, "lower", 0.45));
 * // "Debt payments would be 47.5 % of income; the limit is 45 %."
 * }</pre>
 *
 * <p>A placeholder is {@code {name}} or {@code {name:format}}; formats are {@code percent}
 * (0.475 -> {@code 47.5 %}), {@code amount} (50000 -> {@code 50,000}) and none (the value as it
 * is, whole numbers without decimals).
 */
public final class ReasonTexts {

    /** {@code {name}} or {@code {name:format}}. */
    static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_.-]*)(?::([a-z]+))?}");
    /** The formats a placeholder may ask for. */
    public static final Set<String> FORMATS = Set.of("percent", "amount");

    private final Map<String, String> templates;
    /** Each template cut once into literal text and placeholders: a decision fills texts without a regex. */
    private final Map<String, List<Part>> parts;
    private final String origin;

    private ReasonTexts(Map<String, String> templates, String origin) {
        this.templates = Map.copyOf(templates);
        Map<String, List<Part>> cut = new HashMap<>();
        this.templates.forEach((code, template) -> cut.put(code, parts(template)));
        this.parts = Map.copyOf(cut);
        this.origin = origin;
    }

    /** A piece of a template: literal text, or (when {@code name} is not null) a placeholder and its format. */
    private record Part(String text, String name, String format) {
    }

    private static List<Part> parts(String template) {
        List<Part> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                parts.add(new Part(template.substring(at, m.start()), null, null));
            }
            parts.add(new Part(null, m.group(1), m.group(2)));
            at = m.end();
        }
        if (at < template.length()) {
            parts.add(new Part(template.substring(at), null, null));
        }
        return List.copyOf(parts);
    }

    /** Texts by reason code; {@code origin} names the file in error messages. */
    public static ReasonTexts of(Map<String, String> templates, String origin) {
        return new ReasonTexts(templates, origin);
    }

    public static ReasonTexts none() {
        return new ReasonTexts(Map.of(), "(no reason-codes.csv)");
    }

    public boolean has(String code) {
        return templates.containsKey(code);
    }

    /** Every code with a text, in order. */
    public Set<String> codes() {
        return new TreeMap<>(templates).keySet();
    }

    public String template(String code) {
        return templates.get(code);
    }

    /**
     * The text of {@code code} with its placeholders filled from {@code values}.
     *
     * @throws IllegalStateException naming the code when it has no text, or the placeholder that has no value
     */
    public String fill(String code, Map<String, ?> values) {
        String template = templates.get(code);
        if (template == null) {
            throw new IllegalStateException("reason code " + code + " has no text in " + origin
                    + "; add a row for it (codes with a text: " + codes() + ")");
        }
        StringBuilder text = new StringBuilder(template.length() + 16);
        for (Part part : parts.get(code)) {
            if (part.name() == null) {
                text.append(part.text());
                continue;
            }
            if (!values.containsKey(part.name())) {
                throw new IllegalStateException("reason code " + code + ": the text in " + origin + " has the placeholder {"
                        + part.name() + "}, but the rule gave only " + new TreeMap<>(values).keySet());
            }
            text.append(format(values.get(part.name()), part.format()));
        }
        return text.toString();
    }

    /** The placeholder names of a template, in order. */
    public static List<String> placeholders(String template) {
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The formats a template's placeholders ask for that do not exist (empty when all do). */
    public static List<String> unknownFormats(String template) {
        List<String> unknown = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (m.group(2) != null && !FORMATS.contains(m.group(2))) {
                unknown.add(m.group(0));
            }
        }
        return unknown;
    }

    /** One value as a reason text shows it. */
    static String format(Object value, String format) {
        if (!(value instanceof Number number)) {
            return String.valueOf(value);
        }
        double v = number.doubleValue();
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "not a number" : v > 0 ? "unlimited" : "no minimum";
        }
        if ("percent".equals(format)) {
            return plain(BigDecimal.valueOf(v * 100).setScale(1, RoundingMode.HALF_UP)) + " %";
        }
        if ("amount".equals(format)) {
            DecimalFormat grouped = new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT));
            return grouped.format(v);
        }
        return plain(BigDecimal.valueOf(v));
    }

    private static String plain(BigDecimal d) {
        BigDecimal stripped = d.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }
}
