package io.credence.plugin.explain;

import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.card.ModelCard;
import io.credence.plugin.text.CsvRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The table analysts edit (CSV, no Java) that maps a business feature and the direction it moved
 * the risk to a reason code and notice text:
 *
 * <pre>
 * feature,direction,code,text
 * checkingAccount,+,RC01,"Status of existing checking account"
 * </pre>
 *
 * {@code direction} is {@code +} (the feature raised the risk: an adverse reason) or {@code -}
 * (it lowered it). Lines starting with {@code #} are comments.
 */
public final class ReasonCodeTable {

    /** Code used for an adverse feature the table has no row for (see {@link #requireCovers}). */
    public static final String UNMAPPED = "MODEL_FACTOR";

    private static final List<String> HEADER = List.of("feature", "direction", "code", "text");
    private static final Pattern CODE = Pattern.compile("[A-Z0-9_]{1,32}");

    private final Map<String, Entry> adverse;
    private final Map<String, Entry> favourable;

    private record Entry(String code, String text) {
    }

    private ReasonCodeTable(Map<String, Entry> adverse, Map<String, Entry> favourable) {
        this.adverse = Map.copyOf(adverse);
        this.favourable = Map.copyOf(favourable);
    }

    /**
     * Parses the CSV text.
     *
     * @param origin file name for error messages
     * @throws IllegalArgumentException naming the file, line and problem
     */
    public static ReasonCodeTable parse(String csv, String origin) {
        Map<String, Entry> adverse = new HashMap<>();
        Map<String, Entry> favourable = new HashMap<>();
        String[] lines = csv.split("\\R");
        boolean headerSeen = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int lineNo = i + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> cells = cells(line, origin, lineNo);
            if (!headerSeen) {
                if (!cells.equals(HEADER)) {
                    throw new IllegalArgumentException(origin + " line " + lineNo + ": header must be " + String.join(",", HEADER)
                            + ", was " + line);
                }
                headerSeen = true;
                continue;
            }
            if (cells.size() != 4) {
                throw new IllegalArgumentException(origin + " line " + lineNo + ": expected 4 columns "
                        + HEADER + ", found " + cells.size());
            }
            String feature = cells.get(0);
            String direction = cells.get(1);
            String code = cells.get(2);
            String text = cells.get(3);
            if (feature.isEmpty()) {
                throw new IllegalArgumentException(origin + " line " + lineNo + ": feature is empty");
            }
            if (!CODE.matcher(code).matches()) {
                throw new IllegalArgumentException(origin + " line " + lineNo + ": code '" + code
                        + "' must be 1-32 upper-case letters, digits or '_'");
            }
            if (text.isEmpty()) {
                throw new IllegalArgumentException(origin + " line " + lineNo + ": text is empty for code " + code);
            }
            Map<String, Entry> target = switch (direction) {
                case "+" -> adverse;
                case "-" -> favourable;
                default -> throw new IllegalArgumentException(origin + " line " + lineNo + ": direction '" + direction
                        + "' must be + (raises risk) or - (lowers risk)");
            };
            if (target.put(feature, new Entry(code, text)) != null) {
                throw new IllegalArgumentException(origin + " line " + lineNo + ": feature '" + feature
                        + "' with direction " + direction + " is listed twice");
            }
        }
        if (!headerSeen) {
            throw new IllegalArgumentException(origin + ": empty; expected the header " + String.join(",", HEADER));
        }
        return new ReasonCodeTable(adverse, favourable);
    }

    /**
     * Checks that every feature of the model has an adverse reason code.
     *
     * @throws IllegalArgumentException listing the features without one
     */
    public ReasonCodeTable requireCovers(ModelCard card, String origin) {
        List<String> missing = new ArrayList<>();
        for (FeatureSpec f : card.allFeatures()) {
            if (!adverse.containsKey(f.name())) {
                missing.add(f.name());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(origin + ": no adverse (+) reason code for features of " + card.id() + ": " + missing);
        }
        return this;
    }

    /**
     * The principal model reasons: the most adverse features of the explanation, each mapped to
     * its code, at most {@code max}. A feature with no positive contribution, or with less than
     * {@link Explanation#MATERIALITY} of the total adverse contribution, never appears; a feature
     * without a row gets {@value #UNMAPPED} and the feature's description.
     */
    public List<ReasonCode> principalReasons(Explanation explanation, int max) {
        List<ReasonCode> reasons = new ArrayList<>();
        for (FeatureAttribution a : explanation.principalAdverse(Integer.MAX_VALUE)) {
            if (reasons.size() == max) {
                break;
            }
            Entry entry = entryFor(a);
            if (reasons.stream().noneMatch(r -> r.code().equals(entry.code()))) {
                reasons.add(new ReasonCode(entry.code(), entry.text(), a.feature(), a.contribution()));
            }
        }
        return reasons;
    }

    /**
     * The adverse row of an attribution's feature. A sequence channel named by its most adverse
     * step ({@code repaymentStatus[5]}, see {@link Explainer#stepName}) takes its channel's row, with
     * {@code {step}} in the text replaced by the step (from 1, oldest first) and {@code {value}} by
     * the applicant's value at that step.
     */
    private Entry entryFor(FeatureAttribution a) {
        Entry entry = adverse.get(a.feature());
        if (entry != null) {
            return entry;
        }
        java.util.regex.Matcher step = STEP.matcher(a.feature());
        if (step.matches() && adverse.containsKey(step.group(1))) {
            Entry channel = adverse.get(step.group(1));
            return new Entry(channel.code(), channel.text().replace("{step}", step.group(2))
                    .replace("{value}", a.value() == null ? "unknown" : plain(a.value())));
        }
        return new Entry(UNMAPPED, a.description());
    }

    private static final java.util.regex.Pattern STEP = java.util.regex.Pattern.compile("(.+)\\[(\\d+)]");

    /** A number as a person writes it: 2.0 as 2, 1500.5 as 1,500.5. */
    private static String plain(Object value) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.format(java.util.Locale.ROOT, "%,d", (long) d)
                    : String.format(java.util.Locale.ROOT, "%,.2f", d);
        }
        return String.valueOf(value);
    }

    private static List<String> cells(String line, String origin, int lineNo) {
        return CsvRecord.split(line)
                .orElseThrow(() -> new IllegalArgumentException(origin + " line " + lineNo + ": unterminated quote"))
                .stream().map(String::strip).toList();
    }
}
