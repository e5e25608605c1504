package io.credence.plugin.registry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;

/**
 * Which versions of one model serve: the {@code champion} decides, an optional {@code challenger}
 * decides a share of the applications, and every {@code shadow} scores every application without
 * deciding it.
 *
 * <p>Who gets the challenger is a stable hash of the model name and the application id
 * ({@link #bucket}), so a re-decision of an application gets the same version, and raising the
 * share keeps every application that already had the challenger on it. An application without an
 * id gets the champion.
 *
 * @param model           model name
 * @param champion        the version that decides by default
 * @param challenger      the version that decides {@code challengerShare} of the applications, or null
 * @param challengerShare the challenger's share of applications in [0, 1] (0 without a challenger)
 * @param shadows         versions that score every application beside the deciding one, in order
 */
public record ModelRoute(String model, String champion, String challenger, double challengerShare, List<String> shadows) {

    public ModelRoute {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(champion, "champion");
        shadows = List.copyOf(shadows);
        if (!(challengerShare >= 0 && challengerShare <= 1)) {
            throw new IllegalArgumentException(model + ": the challenger share must be in [0, 1], was " + challengerShare);
        }
        if (challenger == null && challengerShare != 0) {
            throw new IllegalArgumentException(model + ": a challenger share without a challenger version");
        }
        if (champion.equals(challenger)) {
            throw new IllegalArgumentException(model + ": the challenger " + challenger + " is also the champion");
        }
        for (String shadow : shadows) {
            if (shadow.equals(champion) || shadow.equals(challenger)) {
                throw new IllegalArgumentException(model + ": the shadow " + shadow + " also decides (champion "
                        + champion + (challenger == null ? "" : ", challenger " + challenger) + ")");
            }
        }
        if (shadows.stream().distinct().count() != shadows.size()) {
            throw new IllegalArgumentException(model + ": a shadow version is named twice in " + shadows);
        }
    }

    /** Only a champion. */
    public static ModelRoute champion(String model, String version) {
        return new ModelRoute(model, version, null, 0, List.of());
    }

    /** The role that decides the application with this id: the champion or the challenger. */
    public ModelRole assign(String applicationId) {
        if (challenger == null || applicationId == null || challengerShare == 0) {
            return ModelRole.CHAMPION;
        }
        return bucket(model, applicationId) < challengerShare ? ModelRole.CHALLENGER : ModelRole.CHAMPION;
    }

    /** The version that plays {@code role} ({@link ModelRole#SHADOW} has several: see {@link #shadows}). */
    public String version(ModelRole role) {
        return switch (role) {
            case CHAMPION -> champion;
            case CHALLENGER -> challenger;
            case SHADOW -> throw new IllegalArgumentException("a model has any number of shadows: use shadows()");
        };
    }

    /** Every version this route names: the champion, the challenger, then the shadows. */
    public List<String> versions() {
        List<String> versions = new java.util.ArrayList<>(2 + shadows.size());
        versions.add(champion);
        if (challenger != null) {
            versions.add(challenger);
        }
        versions.addAll(shadows);
        return List.copyOf(versions);
    }

    /**
     * Where an application falls in [0, 1): the first 53 bits of SHA-256 of {@code model + "\n" +
     * applicationId} (UTF-8) as a fraction. The same for every process and every run.
     */
    public static double bucket(String model, String applicationId) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
        byte[] digest = sha256.digest((model + "\n" + applicationId).getBytes(StandardCharsets.UTF_8));
        return (ByteBuffer.wrap(digest).getLong() >>> 11) * 0x1.0p-53;
    }
}
