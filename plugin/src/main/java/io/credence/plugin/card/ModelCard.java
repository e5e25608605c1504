package io.credence.plugin.card;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The model card of one model version (format {@value #FORMAT}).
 *
 * @param format       always {@value #FORMAT}; a reader refuses other formats
 * @param name         model name, e.g. {@code credit-default}
 * @param version      model version, e.g. {@code 1.2.0} (dot-separated numbers, optional suffix)
 * @param onnxSha256   SHA-256 of {@code model.onnx}, lower-case hex
 * @param createdAt    when the package was produced
 * @param description  what the model is for
 * @param inputs       the ONNX inputs and their ordered features
 * @param output       the ONNX output and what it means
 * @param trainingData provenance of the training rows
 * @param metrics      evaluation metrics by name (e.g. {@code cv_auc})
 * @param properties   free-form provenance (architecture, seed, command line)
 * @param reference    the reference applicant explanations compare against: raw values by
 *                     feature name (e.g. training medians and modes); features not listed use
 *                     their scaling centre (numeric, ordinal) or imputed code (categorical)
 * @param distributions optional: the training distributions of the tabular features and of the
 *                     score, the drift monitor's baseline; null in cards written before it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelCard(
        String format,
        String name,
        String version,
        String onnxSha256,
        Instant createdAt,
        String description,
        List<InputSpec> inputs,
        OutputSpec output,
        TrainingData trainingData,
        Map<String, Double> metrics,
        Map<String, String> properties,
        Map<String, Object> reference,
        TrainingDistributions distributions) {

    /** The card format this code reads and writes. */
    public static final String FORMAT = "credence-model-card/1";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+){0,3}([-+][A-Za-z0-9.-]+)?");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ModelCard {
        if (format == null) {
            format = FORMAT;
        }
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("format must be '" + FORMAT + "', was '" + format + "'");
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be lower-case letters, digits, '.', '_' or '-' (1-64 chars), was '" + name + "'");
        }
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("version must look like 1.2.0, was '" + version + "'");
        }
        if (onnxSha256 == null || !SHA256.matcher(onnxSha256).matches()) {
            throw new IllegalArgumentException("onnxSha256 must be 64 lower-case hex digits, was '" + onnxSha256 + "'");
        }
        if (createdAt == null) {
            throw new IllegalArgumentException("createdAt is required");
        }
        if (inputs == null || inputs.isEmpty()) {
            throw new IllegalArgumentException("inputs must list at least one input");
        }
        inputs = List.copyOf(inputs);
        Set<String> inputNames = new HashSet<>();
        Set<String> featureNames = new HashSet<>();
        for (InputSpec input : inputs) {
            if (!inputNames.add(input.name())) {
                throw new IllegalArgumentException("input '" + input.name() + "' is listed twice");
            }
            for (FeatureSpec f : input.features()) {
                if (!featureNames.add(f.name())) {
                    throw new IllegalArgumentException("feature '" + f.name() + "' appears in more than one input");
                }
            }
        }
        if (output == null) {
            throw new IllegalArgumentException("output is required");
        }
        if (trainingData == null) {
            throw new IllegalArgumentException("trainingData is required");
        }
        metrics = metrics == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(metrics));
        properties = properties == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(properties));
        if (reference != null) {
            for (String key : reference.keySet()) {
                if (!featureNames.contains(key)) {
                    throw new IllegalArgumentException("reference names '" + key + "', which is not a feature of this card");
                }
            }
            reference = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(reference));
        }
        if (distributions != null) {
            checkDistributions(inputs, distributions);
        }
    }

    /** A card without training distributions. */
    public ModelCard(String format, String name, String version, String onnxSha256, Instant createdAt,
                     String description, List<InputSpec> inputs, OutputSpec output, TrainingData trainingData,
                     Map<String, Double> metrics, Map<String, String> properties, Map<String, Object> reference) {
        this(format, name, version, onnxSha256, createdAt, description, inputs, output, trainingData, metrics,
                properties, reference, null);
    }

    private static void checkDistributions(List<InputSpec> inputs, TrainingDistributions distributions) {
        Map<String, FeatureSpec> tabular = new LinkedHashMap<>();
        for (InputSpec input : inputs) {
            if (input.layout() == InputSpec.Layout.tabular) {
                input.features().forEach(f -> tabular.put(f.name(), f));
            }
        }
        distributions.features().forEach((feature, d) -> {
            FeatureSpec spec = tabular.get(feature);
            String at = "distributions.features." + feature + ": ";
            if (spec == null) {
                throw new IllegalArgumentException(at + "not a tabular feature of this card; expected one of "
                        + tabular.keySet());
            }
            if (spec.type() == FeatureType.NUMERIC && d.isCategorical()) {
                throw new IllegalArgumentException(at + "a numeric feature needs edges, not categories");
            }
            if (spec.type() != FeatureType.NUMERIC && !d.categories().equals(spec.vocabulary())) {
                throw new IllegalArgumentException(at + "categories must be the vocabulary " + spec.vocabulary()
                        + ", were " + d.categories());
            }
        });
    }

    /** A card without a reference applicant. */
    public ModelCard(String format, String name, String version, String onnxSha256, Instant createdAt,
                     String description, List<InputSpec> inputs, OutputSpec output, TrainingData trainingData,
                     Map<String, Double> metrics, Map<String, String> properties) {
        this(format, name, version, onnxSha256, createdAt, description, inputs, output, trainingData, metrics,
                properties, null, null);
    }

    /** Copy with a reference applicant for explanations. */
    public ModelCard withReference(Map<String, Object> applicant) {
        return new ModelCard(format, name, version, onnxSha256, createdAt, description, inputs, output,
                trainingData, metrics, properties, applicant, distributions);
    }

    /** Copy with the training distributions the drift monitor compares against. */
    public ModelCard withDistributions(TrainingDistributions training) {
        return new ModelCard(format, name, version, onnxSha256, createdAt, description, inputs, output,
                trainingData, metrics, properties, reference, training);
    }

    /** {@code name@version}, the id used in logs, audit records and errors. */
    @JsonIgnore
    public String id() {
        return name + "@" + version;
    }

    /** All features of all inputs, in tensor order. */
    @JsonIgnore
    public List<FeatureSpec> allFeatures() {
        return inputs.stream().flatMap(i -> i.features().stream()).toList();
    }

    /**
     * SHA-256 over the canonical JSON of inputs and output: two cards with the same digest encode
     * applications identically. Written into the ONNX metadata by the exporter.
     */
    @JsonIgnore
    public String featureSchemaDigest() {
        String canonical = ModelCards.canonicalJson(Map.of("inputs", inputs, "output", output));
        return sha256(canonical.getBytes(StandardCharsets.UTF_8));
    }

    /** Copy with another ONNX digest (used when a package is written). */
    public ModelCard withOnnxSha256(String digest) {
        return new ModelCard(format, name, version, digest, createdAt, description, inputs, output,
                trainingData, metrics, properties, reference, distributions);
    }

    /** Lower-case hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
