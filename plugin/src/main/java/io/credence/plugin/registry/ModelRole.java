package io.credence.plugin.registry;

import java.util.Locale;

/**
 * What a model version does for an application under a {@link ModelRouting}: the {@link #CHAMPION}
 * or the {@link #CHALLENGER} decides it (one of them, by a stable hash of the application id), a
 * {@link #SHADOW} scores it beside them and never reaches the rules.
 */
public enum ModelRole {
    CHAMPION, CHALLENGER, SHADOW;

    /** As written in audit records and metrics: {@code champion}, {@code challenger}, {@code shadow}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role of a label ({@link #label()}); null for null. */
    public static ModelRole ofLabel(String label) {
        if (label == null) {
            return null;
        }
        for (ModelRole role : values()) {
            if (role.label().equals(label)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown model role '" + label + "', expected champion, challenger or shadow");
    }
}
