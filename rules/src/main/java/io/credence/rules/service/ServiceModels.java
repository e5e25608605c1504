package io.credence.rules.service;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.registry.ModelRouting;
import io.credence.plugin.runtime.ExecutionProviderPolicy;
import io.credence.plugin.runtime.OnnxRuntimeHost;
import io.credence.plugin.sign.PackageTrust;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the models the policy scores with. A model the rules score that is not loaded does not
 * stop the service: every application is then referred with the policy's reason for an unscored
 * application, and this is logged loudly at start ({@link #warnAboutMissing}).
 *
 * <p>A models folder may route its models ({@value ModelRouting#FILE}: champion, challenger with a
 * share of traffic, shadows); a routing that names a version the folder does not serve refuses the
 * whole folder, at start and at a reload.
 *
 * <p>Every load checks signatures ({@link ModelTrust}): a package not signed by a trusted key, or
 * changed since it was signed, is refused (logged, reported in the load report and health) and
 * does not serve. Anything that (re)loads the service's models goes through {@link #load}.
 */
public final class ServiceModels {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceModels.class);

    private ServiceModels() {
    }

    /**
     * @param dir      a folder of {@code <name>/<version>/} packages, or null for the packages in
     *                 the classpath index ({@value ModelRegistry#CLASSPATH_INDEX})
     * @param provider {@code auto}, {@code cpu} or {@code cuda[:id]}
     */
    public static ModelRegistry load(Path dir, String provider) {
        return load(dir, provider, 1, ModelTrust.DEFAULT);
    }

    /** As {@link #load(Path, String)}, with micro-batching of at most {@code microBatch} rows (1 = off). */
    public static ModelRegistry load(Path dir, String provider, int microBatch) {
        return load(dir, provider, microBatch, ModelTrust.DEFAULT);
    }

    /**
     * As {@link #load(Path, String, int)}, serving only the packages {@code trust} admits.
     *
     * @throws IllegalArgumentException naming the file when a trusted key cannot be read
     */
    public static ModelRegistry load(Path dir, String provider, int microBatch, ModelTrust trust) {
        return loadReported(dir, provider, microBatch, trust).registry();
    }

    /**
     * As {@link #load(Path, String, int, ModelTrust)}, with what was refused: the one load path of the
     * service, at start and at every models reload ({@link io.credence.rules.service.reload.Reloader}).
     */
    public static Loaded loadReported(Path dir, String provider, int microBatch, ModelTrust trust) {
        PackageTrust packageTrust = trust.packageTrust();
        ModelRegistry registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.parse(provider)))
                .microBatching(microBatch).trust(packageTrust);
        ModelRegistry.LoadReport report;
        try {
            report = dir != null
                    ? registry.loadDirectory(dir)
                    : registry.loadClasspath(ServiceModels.class.getClassLoader());
            if (dir != null) {
                // the routing file names the versions that serve; one that names a version not loaded refuses the folder
                registry.routing(ModelRouting.readFolder(dir));
            }
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        LOG.info("models from {}: {} loaded, {} refused, serving {}; signatures: {}; trusted key ids {}{}", origin(dir),
                report.loaded().size(), report.refused().size(), registry.names(), signatures(registry),
                packageTrust.keys().ids(), trust.allowUnsigned() ? ", unsigned packages ALLOWED" : "");
        return new Loaded(registry, report);
    }

    /** A registry and the report of its load (the packages loaded and those refused, with why). */
    public record Loaded(ModelRegistry registry, ModelRegistry.LoadReport report) {
    }

    /** How each loaded version was admitted, by id: {@code signed by key ...} or {@code UNSIGNED (allowed)}. */
    public static Map<String, String> signatures(ModelRegistry registry) {
        Map<String, String> labels = new TreeMap<>();
        registry.verdicts().forEach((id, verdict) -> labels.put(id, verdict.label()));
        return labels;
    }

    /** Where {@link #load} looks for {@code dir}. */
    static String origin(Path dir) {
        return dir != null ? dir.toString() : "classpath " + ModelRegistry.CLASSPATH_INDEX;
    }

    /**
     * Logs, loudly, every model the policy scores that the registry does not serve.
     *
     * @return the missing model names (empty when all are loaded)
     */
    public static List<String> warnAboutMissing(ModelRegistry registry, Set<String> policyModels, Path dir) {
        List<String> missing = policyModels.stream().filter(m -> !registry.names().contains(m)).sorted().toList();
        for (String model : missing) {
            LOG.error("""

                    *****************************************************************************
                    NO '{}' MODEL IS LOADED (looked in {}), BUT THE POLICY SCORES WITH IT.
                    The service runs, but EVERY application will be REFERRED (the model cannot score).
                    Pass --models DIR with a {}/<version>/ package to score applications.
                    *****************************************************************************""",
                    model, origin(dir), model);
        }
        return missing;
    }
}
