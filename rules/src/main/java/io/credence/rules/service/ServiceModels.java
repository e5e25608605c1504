package io.credence.rules.service;

import io.credence.plugin.drl.ModelFunctions;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.runtime.ExecutionProviderPolicy;
import io.credence.plugin.runtime.OnnxRuntimeHost;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the models the policy scores with and hands them to the DRL functions. A missing
 * {@value #POLICY_MODEL} model does not stop the service: every application is then referred
 * with reason MODEL_UNAVAILABLE, and this is logged loudly at start.
 */
public final class ServiceModels {

    /** The model the policy rules score with. */
    public static final String POLICY_MODEL = "credit-default";

    private static final Logger LOG = LoggerFactory.getLogger(ServiceModels.class);

    private ServiceModels() {
    }

    /**
     * @param dir      a folder of {@code <name>/<version>/} packages, or null for the packages in
     *                 the classpath index ({@value ModelRegistry#CLASSPATH_INDEX})
     * @param provider {@code auto}, {@code cpu} or {@code cuda[:id]}
     */
    public static ModelRegistry load(Path dir, String provider) {
        return load(dir, provider, 1);
    }

    /** As {@link #load(Path, String)}, with micro-batching of at most {@code microBatch} rows (1 = off). */
    public static ModelRegistry load(Path dir, String provider, int microBatch) {
        ModelRegistry registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.parse(provider)))
                .microBatching(microBatch);
        ModelRegistry.LoadReport report = dir != null
                ? registry.loadDirectory(dir)
                : registry.loadClasspath(ServiceModels.class.getClassLoader());
        String origin = dir != null ? dir.toString() : "classpath " + ModelRegistry.CLASSPATH_INDEX;
        LOG.info("models from {}: {} loaded, {} refused, serving {}", origin, report.loaded().size(),
                report.refused().size(), registry.names());
        if (!registry.names().contains(POLICY_MODEL)) {
            LOG.error("""

                    *****************************************************************************
                    NO '{}' MODEL IS LOADED (looked in {}).
                    The service runs, but EVERY application will be REFERRED (MODEL_UNAVAILABLE).
                    Pass --models DIR with a {}/<version>/ package to score applications.
                    *****************************************************************************""",
                    POLICY_MODEL, origin, POLICY_MODEL);
        }
        ModelFunctions.use(registry);
        return registry;
    }
}
