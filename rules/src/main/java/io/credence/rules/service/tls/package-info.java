/**
 * HTTPS for the service's one HTTP server: the server's key and certificate chain
 * ({@link io.credence.rules.service.tls.ServerKey}, from PEM files or a PKCS#12 keystore), the
 * Camel {@code SSLContextParameters} that limit it to TLS 1.2 and 1.3
 * ({@link io.credence.rules.service.tls.ServerTls}), and the {@code Strict-Transport-Security}
 * header on every response ({@link io.credence.rules.service.tls.StrictTransportSecurity}).
 * Only JDK primitives are composed here (CertificateFactory, KeyFactory, KeyStore, Signature);
 * there is no cryptography of our own. See {@code docs/security.md#tls}.
 *
 * <pre>
 * TlsSettings -> ServerKey (PEM or PKCS#12) -> ServerTls.parameters -> MainHttpServer.setSslContextParameters
 * </pre>
 */
package io.credence.rules.service.tls;
