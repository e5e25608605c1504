package io.credence.rules.drift;

import java.util.List;

/**
 * The drift of one model version at one moment.
 *
 * @param model        model name
 * @param version      model version
 * @param applications scored applications in the window
 * @param variables    the features with a training distribution, then {@code score}
 */
public record VersionSnapshot(String model, String version, int applications, List<VariableDrift> variables) {

    public VersionSnapshot {
        variables = List.copyOf(variables);
    }

    /** {@code model@version}. */
    public String id() {
        return model + "@" + version;
    }

    /** The score's variable (always the last). */
    public VariableDrift score() {
        return variables.get(variables.size() - 1);
    }
}
