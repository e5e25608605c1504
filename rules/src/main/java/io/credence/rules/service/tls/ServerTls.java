package io.credence.rules.service.tls;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.SecureSocketProtocolsParameters;

/**
 * The Camel {@link SSLContextParameters} of the HTTP server: the {@link ServerKey} in an
 * in-memory PKCS#12 keystore, and TLS 1.2 and 1.3 only.
 *
 * <pre>{@code
 * MainHttpServer server = new MainHttpServer();
 * server.setSslContextParameters(ServerTls.parameters(ServerKey.load(settings.tls())));
 * }</pre>
 *
 * <p>The protocols are stated here for every consumer of the parameters; the Vert.x server
 * behind platform-http takes only the key managers from them and enables TLS 1.2 and 1.3 by
 * itself (Vert.x 4.5's default), and the JDK refuses TLS 1.0 and 1.1 as well
 * ({@code jdk.tls.disabledAlgorithms}). {@code ServerTlsTest} checks what a client can negotiate.
 */
public final class ServerTls {

    /** The protocols the server speaks. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");

    private ServerTls() {
    }

    public static SSLContextParameters parameters(ServerKey key) {
        // The keystore lives only in memory; its password only has to be one the key manager
        // reads back. A random one (hex, so Camel's {{placeholder}} resolution leaves it alone).
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);

        KeyStoreParameters store = new KeyStoreParameters();
        store.setKeyStore(key.keyStore(password.toCharArray()));
        KeyManagersParameters keyManagers = new KeyManagersParameters();
        keyManagers.setKeyStore(store);
        keyManagers.setKeyPassword(password);

        SecureSocketProtocolsParameters protocols = new SecureSocketProtocolsParameters();
        protocols.setSecureSocketProtocol(PROTOCOLS);

        SSLContextParameters parameters = new SSLContextParameters();
        parameters.setKeyManagers(keyManagers);
        parameters.setSecureSocketProtocols(protocols);
        return parameters;
    }
}
