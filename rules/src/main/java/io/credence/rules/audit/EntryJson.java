package io.credence.rules.audit;

import io.credence.plugin.explain.ExplanationMethod;
import io.credence.plugin.explain.FeatureAttribution;
import io.credence.rules.audit.CanonicalJson.JsonNumber;
import io.credence.rules.decision.ExplanationSummary;
import io.credence.rules.decision.Outcome;
import io.credence.rules.decision.Reason;
import io.credence.rules.decision.RuleBaseVersion;
import io.credence.rules.decision.ScoreSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one JSON mapping of an audit entry: every field, its name and how its value is written, in
 * one place, for the three that show an entry — the hashed audit record
 * ({@link View#RECORD_FORMAT_2}, and {@link View#RECORD_FORMAT_1} for records written before),
 * the REST API's answer ({@link View#API}, {@code io.credence.rules.service.DecisionJson}) and
 * the compliance page ({@link View#PAGE}, {@code io.credence.rules.audit.web.AuditPage}).
 *
 * <pre>{@code
 * Map<String, Object> api = EntryJson.of(entry, EntryJson.View.API);      // to Jackson: mapper.valueToTree(api)
 * Map<String, Object> page = EntryJson.of(entry, EntryJson.View.PAGE);    // every field, personal ones too
 * String hashed = CanonicalJson.write(EntryJson.of(entry, EntryJson.View.RECORD_FORMAT_2));
 * AuditEntry back = EntryJson.read(CanonicalJson.parse(hashed), 2);    // the same entry, personal texts erased
 * }</pre>
 *
 * <p>The values are plain: {@code null}, {@link String}, {@link Boolean}, {@link Number}, {@link Map}
 * (insertion order) and {@link List}; an instant is its ISO-8601 text, a number JSON cannot hold
 * (NaN, infinities) the text {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}; an
 * attribution's values their text; cut-offs sorted by name. The views differ only in:
 * <ul>
 * <li>which fields: the record leaves out nothing but what format 2 keeps apart as personal data
 *     ({@link PersonalData}: attribution {@code value}, score {@code encodedFeatures}, reason
 *     {@code text}, error texts, of which it keeps {@code errorCount}) and writes an absent value as
 *     {@code null}, except the fields added after the first records ({@code supersedes},
 *     {@code requestedBy}, {@code explanation}, attribution {@code error}, {@code maxError}), which it
 *     writes only when present so that older records keep their bytes and hash; the API shows a
 *     decision's fields only for a DECIDED entry, an erasure's only for an ERASURE record and the
 *     errors only for the others, leaves out what a caller has no use for ({@code receivedAt},
 *     {@code modelSha256}, {@code encodedFeatures}, a reason's {@code outcome} and {@code rule}) and
 *     absent values; the page shows every field, with the personal ones (it masks them itself);</li>
 * <li>three names the public API had before this mapping, kept for its callers: the record's
 *     {@code outcome} is the API's {@code decision}, a score's {@code provider} its
 *     {@code executionProvider}, a principal reason's {@code rule} its {@code source}.</li>
 * </ul>
 * The record's field names and values are fixed by the records already written: a change here
 * that changes {@link View#RECORD_FORMAT_1} or {@link View#RECORD_FORMAT_2} for an existing entry
 * breaks the chain (RecordDocumentTest and the stores' contract tests pin them).
 */
public final class EntryJson {

    /** Who the entry is written for. */
    public enum View {
        /** The hashed record of releases before personal data was kept apart. */
        RECORD_FORMAT_1,
        /** The hashed record new entries are written as. */
        RECORD_FORMAT_2,
        /** The REST API's answer (also the Kafka and file channels' answer). */
        API,
        /** The compliance page: every field. */
        PAGE;

        boolean record() {
            return this == RECORD_FORMAT_1 || this == RECORD_FORMAT_2;
        }

        /** Whether the personal fields are written. */
        boolean personal() {
            return this != RECORD_FORMAT_2;
        }
    }

    private EntryJson() {
    }

    /** The entry as {@code view} shows it. */
    public static Map<String, Object> of(AuditEntry e, View view) {
        boolean api = view == View.API;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("decisionId", e.decisionId());
        d.put("applicationId", e.applicationId());
        if (api) {
            d.put("status", e.status().name());
        }
        d.put("channel", e.channel());
        if (!api) {
            d.put("receivedAt", text(e.receivedAt()));
        }
        d.put("decidedAt", text(e.decidedAt()));
        if (!api) {
            d.put("status", e.status().name());
        }
        // Present only when there is one: records written before these existed keep their bytes and hash.
        if (e.supersedes() != null) {
            d.put("supersedes", e.supersedes());
        }
        if (e.requestedBy() != null) {
            d.put("requestedBy", e.requestedBy());
        }
        boolean decision = !api || e.status() == AuditEntry.Status.DECIDED;
        if (decision) {
            d.put(api ? "decision" : "outcome", e.outcome());
            d.put("scores", scores(e.scores(), view));
            d.put("rulesFired", e.rulesFired());
            d.put("reasons", reasons(e.reasons(), view, false));
            d.put("principalReasons", reasons(e.principalReasons(), view, true));
            d.put("attributions", attributions(e.attributions(), view));
            if (e.explanation() != null) {
                d.put("explanation", explanation(e.explanation()));
            }
            Map<String, Object> cutOffs = new TreeMap<>();
            e.cutOffs().forEach((k, v) -> cutOffs.put(k, number(v)));
            d.put("cutOffs", cutOffs);
            if (e.ruleBase() != null || !api) {
                d.put("ruleBase", e.ruleBase() == null ? null : ruleBase(e.ruleBase()));
            }
        }
        if (e.erasure() != null) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("scope", e.erasure().scope());
            x.put("legalBasis", e.erasure().legalBasis());
            x.put("decisionIds", e.erasure().decisionIds());
            d.put("erasure", x);
        }
        if (view == View.RECORD_FORMAT_2) {
            d.put("errorCount", e.errors().size());
        } else if (!api || (!decision && e.erasure() == null)) {
            d.put("errors", e.errors());
        }
        return d;
    }

    /**
     * Reads the decision object of a stored record ({@link CanonicalJson#parse}d) of {@code format}
     * 1 or 2 back into the entry it was written from: format 2 without its personal data (texts
     * read {@link PersonalData#ERASED}), both without the raw input and the idempotency key, which
     * the record never holds.
     *
     * @throws ClassCastException   when a field has the wrong kind of value
     * @throws NullPointerException when a field the record always has is missing
     */
    @SuppressWarnings("unchecked")
    static AuditEntry read(Map<String, Object> d, int format) {
        boolean one = format == RecordDocument.FORMAT_1;
        List<Reason> reasons = readReasons((List<Object>) d.get("reasons"));
        List<Reason> principal = readReasons((List<Object>) d.getOrDefault("principalReasons", List.of()));
        List<FeatureAttribution> attributions = new ArrayList<>();
        for (Object o : (List<Object>) d.getOrDefault("attributions", List.of())) {
            Map<String, Object> a = (Map<String, Object>) o;
            // Written only when finite (records from before errors were kept have none): NaN otherwise.
            Double error = readDouble(a.get("error"));
            attributions.add(new FeatureAttribution((String) a.get("feature"), (String) a.get("description"),
                    a.get("value"), a.get("referenceValue"), readDouble(a.get("contribution")),
                    error == null ? Double.NaN : error));
        }
        List<ScoreSummary> scores = new ArrayList<>();
        for (Object o : (List<Object>) d.get("scores")) {
            Map<String, Object> s = (Map<String, Object>) o;
            Map<String, Float> features = null;
            if (s.get("encodedFeatures") != null) {
                features = new LinkedHashMap<>();
                for (Map.Entry<String, Object> f : ((Map<String, Object>) s.get("encodedFeatures")).entrySet()) {
                    features.put(f.getKey(), readFloat(f.getValue()));
                }
            }
            scores.add(new ScoreSummary((String) s.get("model"), (String) s.get("version"), (String) s.get("modelSha256"),
                    (String) s.get("provider"), readDouble(s.get("value")), (String) s.get("failure"), features,
                    (String) s.get("role")));
        }
        Map<String, Double> cutOffs = new LinkedHashMap<>();
        for (Map.Entry<String, Object> c : ((Map<String, Object>) d.get("cutOffs")).entrySet()) {
            cutOffs.put(c.getKey(), readDouble(c.getValue()));
        }
        Map<String, Object> rb = (Map<String, Object>) d.get("ruleBase");
        RuleBaseVersion ruleBase = rb == null ? null
                : new RuleBaseVersion((String) rb.get("coordinates"), (String) rb.get("drlSha256"));
        List<String> errors = one ? (List<String>) (List<?>) d.get("errors")
                : Collections.nCopies((int) ((JsonNumber) d.get("errorCount")).asLong(), PersonalData.ERASED);
        AuditEntry.Erasure erasure = null;
        if (d.get("erasure") != null) {
            Map<String, Object> x = (Map<String, Object>) d.get("erasure");
            erasure = new AuditEntry.Erasure((String) x.get("scope"), (List<String>) (List<?>) x.get("decisionIds"),
                    (String) x.get("legalBasis"));
        }
        return new AuditEntry((String) d.get("decisionId"), (String) d.get("applicationId"),
                (String) d.get("channel"), instant(d.get("receivedAt")), instant(d.get("decidedAt")), null,
                AuditEntry.Status.valueOf((String) d.get("status")), (String) d.get("outcome"), reasons, scores, cutOffs,
                (List<String>) (List<?>) d.get("rulesFired"), ruleBase, errors,
                principal, attributions, null, (String) d.get("supersedes"), (String) d.get("requestedBy"), erasure,
                readExplanation((Map<String, Object>) d.get("explanation")));
    }

    private static List<Object> scores(List<ScoreSummary> list, View view) {
        boolean api = view == View.API;
        List<Object> scores = new ArrayList<>();
        for (ScoreSummary s : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", s.model());
            m.put("version", s.version());
            if (s.role() != null) {
                m.put("role", s.role()); // written only when routed: older records keep their bytes
            }
            if (!api) {
                m.put("modelSha256", s.modelSha256());
            }
            m.put(api ? "executionProvider" : "provider", s.provider());
            m.put("value", number(s.value()));
            if (!api || s.value() == null) {
                m.put("failure", s.failure());
            }
            if (!api && view.personal()) {
                // Format 2 keeps the encoded features apart: their names and values are personal.
                if (s.encodedFeatures() == null) {
                    m.put("encodedFeatures", null);
                } else {
                    Map<String, Object> f = new LinkedHashMap<>();
                    s.encodedFeatures().forEach((k, v) -> f.put(k, number(v)));
                    m.put("encodedFeatures", f);
                }
            }
            scores.add(m);
        }
        return scores;
    }

    private static List<Object> reasons(List<Reason> list, View view, boolean principal) {
        boolean api = view == View.API;
        List<Object> reasons = new ArrayList<>();
        for (Reason r : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", r.code());
            if (view.personal()) {
                m.put("text", r.text());
            }
            if (!api) {
                m.put("outcome", r.outcome().name());
                m.put("rule", r.rule());
            } else if (principal) {
                m.put("source", r.rule());
            }
            reasons.add(m);
        }
        return reasons;
    }

    private static List<Object> attributions(List<FeatureAttribution> list, View view) {
        List<Object> attributions = new ArrayList<>();
        for (FeatureAttribution a : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("feature", a.feature());
            m.put("description", a.description());
            if (view.personal()) {
                m.put("value", a.value() == null ? null : String.valueOf(a.value()));
            }
            m.put("referenceValue", a.referenceValue() == null ? null : String.valueOf(a.referenceValue()));
            m.put("contribution", number(a.contribution()));
            if (Double.isFinite(a.error())) {
                // Only when stated: records without errors (and occlusion's NaN) keep the text and hash they had.
                m.put("error", a.error());
            }
            attributions.add(m);
        }
        return attributions;
    }

    private static Map<String, Object> explanation(ExplanationSummary how) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("model", how.model());
        x.put("version", how.version());
        x.put("method", how.method().name());
        x.put("exact", how.exact());
        if (Double.isFinite(how.maxError())) {
            x.put("maxError", how.maxError());
        }
        return x;
    }

    private static Map<String, Object> ruleBase(RuleBaseVersion rb) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("coordinates", rb.coordinates());
        m.put("drlSha256", rb.drlSha256());
        return m;
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    /** JSON has no NaN or infinities: those are written as the strings "NaN", "Infinity", "-Infinity". */
    private static Object number(Number n) {
        if (n != null && !Double.isFinite(n.doubleValue())) {
            return n.toString();
        }
        return n;
    }

    /** The {@code explanation} object, or null when the record has none; {@code maxError} absent reads as NaN. */
    private static ExplanationSummary readExplanation(Map<String, Object> x) {
        if (x == null) {
            return null;
        }
        Double maxError = readDouble(x.get("maxError"));
        return new ExplanationSummary((String) x.get("model"), (String) x.get("version"),
                ExplanationMethod.valueOf((String) x.get("method")), (Boolean) x.get("exact"),
                maxError == null ? Double.NaN : maxError);
    }

    @SuppressWarnings("unchecked")
    private static List<Reason> readReasons(List<Object> list) {
        List<Reason> reasons = new ArrayList<>();
        for (Object o : list) {
            Map<String, Object> r = (Map<String, Object>) o;
            // Format 2 keeps the text apart (personal): it reads as erased until the personal data is put back.
            String text = r.containsKey("text") ? (String) r.get("text") : PersonalData.ERASED;
            reasons.add(new Reason((String) r.get("code"), text, Outcome.valueOf((String) r.get("outcome")),
                    (String) r.get("rule")));
        }
        return reasons;
    }

    private static Double readDouble(Object o) {
        if (o == null) {
            return null;
        }
        return o instanceof JsonNumber n ? n.asDouble() : Double.valueOf((String) o);
    }

    private static Float readFloat(Object o) {
        if (o == null) {
            return null;
        }
        return o instanceof JsonNumber n ? n.asFloat() : Float.valueOf((String) o);
    }

    private static Instant instant(Object text) {
        return text == null ? null : Instant.parse((String) text);
    }
}
