package io.credence.it;

import io.credence.load.DecisionClient;
import io.credence.rules.service.AuditLogFactory;
import io.credence.rules.service.ServiceRuntime;
import io.credence.rules.service.ServiceSettings;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The decision service as {@code credence-service serve} assembles it ({@link ServiceRuntime}
 * with the JDBC audit log), in this JVM, on a free loopback port, plus a client for it.
 */
final class RunningService implements AutoCloseable {

    final ServiceRuntime runtime;
    final DecisionClient client;
    final int port;

    private RunningService(ServiceRuntime runtime, DecisionClient client, int port) {
        this.runtime = runtime;
        this.client = client;
        this.port = port;
    }

    /**
     * @param modelsDir a folder of {@code <name>/<version>/} packages, or null for the bundled model
     */
    static RunningService start(Path modelsDir, String auditUrl, String auditUser, String auditPassword) throws Exception {
        return start(modelsDir, auditUrl, auditUser, auditPassword, Map.of());
    }

    /** As {@link #start(Path, String, String, String)}, with {@code more} settings over the ones it sets. */
    static RunningService start(Path modelsDir, String auditUrl, String auditUser, String auditPassword,
                                Map<String, String> more) throws Exception {
        int port = freePort();
        Map<String, String> settings = new HashMap<>();
        settings.put("credence.http.host", "127.0.0.1");
        settings.put("credence.http.port", Integer.toString(port));
        settings.put("credence.models.dir", modelsDir == null ? "" : modelsDir.toString());
        settings.put("credence.audit.db", auditUrl);
        settings.put("credence.audit.user", auditUser);
        settings.put("credence.audit.password", auditPassword);
        settings.put("credence.execution-provider", "cpu");
        settings.putAll(more);
        ServiceRuntime runtime = ServiceRuntime.start(ServiceSettings.load(settings), AuditLogFactory.JDBC);
        return new RunningService(runtime, new DecisionClient(URI.create("http://127.0.0.1:" + port)), port);
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        runtime.close();
    }
}
