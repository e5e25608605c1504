package io.credence.plugin.encode;

import java.util.List;
import java.util.stream.Collectors;

/** An application whose raw values the model card cannot encode; lists every violation. */
public class InvalidFeatureException extends RuntimeException {

    private final String modelId;
    private final List<FeatureViolation> violations;

    public InvalidFeatureException(String modelId, List<FeatureViolation> violations) {
        super("model " + modelId + " cannot score this application: "
                + violations.stream().map(FeatureViolation::toString).collect(Collectors.joining("; ")));
        this.modelId = modelId;
        this.violations = List.copyOf(violations);
    }

    public String modelId() {
        return modelId;
    }

    public List<FeatureViolation> violations() {
        return violations;
    }
}
