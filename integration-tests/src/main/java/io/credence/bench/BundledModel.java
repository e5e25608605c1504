package io.credence.bench;

import io.credence.plugin.encode.EncodedApplication;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.runtime.ExecutionProviderPolicy;
import io.credence.plugin.runtime.ModelSession;
import io.credence.plugin.runtime.OnnxRuntimeHost;

/** The bundled credit-default model loaded from the classpath, as the benchmarks use it. */
final class BundledModel implements AutoCloseable {

    final ModelRegistry registry;
    final ModelSession session;
    final EncodedApplication encoded;

    BundledModel(int microBatch) {
        registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU)).microBatching(microBatch);
        ModelRegistry.LoadReport report = registry.loadClasspath(BundledModel.class.getClassLoader());
        if (report.loaded().isEmpty()) {
            throw new IllegalStateException("no bundled model on the classpath: " + report.refused());
        }
        session = registry.active("credit-default");
        encoded = session.encoder().encode(BenchApplications.approved());
    }

    @Override
    public void close() {
        registry.close();
    }
}
