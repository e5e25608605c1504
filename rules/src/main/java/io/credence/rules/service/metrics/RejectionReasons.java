package io.credence.rules.service.metrics;

import io.credence.rules.service.input.Violation;
import java.util.List;
import java.util.Set;

/**
 * The {@code reason} tag of a rejected input: the top-level field of its first violation when that is
 * a field the contract names ({@code termMonths}, {@code modelInputs}, {@code $} for the input as a
 * whole, ...), else {@code other}. So the tag's values are bounded by the schema, whatever an input
 * holds: an unknown field name or a model input's name never becomes a tag, and a value never does.
 *
 * <pre>{@code
 * new RejectionReasons(Set.of("termMonths")).of(List.of(new Violation("termMonths", "999", "<= 480")));  // "termMonths"
 * }</pre>
 */
public final class RejectionReasons {

    /** The tag of a field the contract does not name. */
    public static final String OTHER = "other";
    /** Fields the channels themselves refuse, besides the schema's. */
    static final Set<String> CHANNEL_FIELDS = Set.of(Violation.WHOLE_INPUT, "Content-Type", "header", "id");

    private final Set<String> known;

    public RejectionReasons(Set<String> schemaFields) {
        this.known = Set.copyOf(schemaFields);
    }

    /** The reason of a rejection with these violations (at least one in practice; none is {@code $}). */
    public String of(List<Violation> violations) {
        if (violations.isEmpty()) {
            return Violation.WHOLE_INPUT;
        }
        String field = violations.get(0).field();
        int dot = field.indexOf('.');
        String top = dot < 0 ? field : field.substring(0, dot);
        return known.contains(top) || CHANNEL_FIELDS.contains(top) ? top : OTHER;
    }
}
