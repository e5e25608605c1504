package io.credence.rules.service.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's key and chain from PEM files and PKCS#12 keystores, and the TLS parameters made from them. */
class ServerKeyTest {

    @TempDir
    static Path dir;
    static SelfSignedCertificate rsa;
    static SelfSignedCertificate ec;

    @BeforeAll
    static void certificates() throws Exception {
        rsa = SelfSignedCertificate.make(dir.resolve("rsa"), "RSA");
        ec = SelfSignedCertificate.make(dir.resolve("ec"), "EC");
    }

    @Test
    void readsAnRsaCertificateAndItsPkcs8KeyFromPem() {
        ServerKey key = ServerKey.fromPem(rsa.certPem(), rsa.keyPem());

        assertEquals("RSA", key.privateKey().getAlgorithm());
        assertEquals(rsa.certificate(), key.certificate());
        assertTrue(key.validNow());
    }

    @Test
    void readsAnEcCertificateAndItsPkcs8KeyFromPem() {
        ServerKey key = ServerKey.fromPem(ec.certPem(), ec.keyPem());

        assertEquals("EC", key.privateKey().getAlgorithm());
        assertEquals(ec.certificate(), key.certificate());
    }

    @Test
    void readsTheOneKeyEntryOfAPkcs12Keystore() {
        ServerKey key = ServerKey.load(TlsSettings.keystore(rsa.keystore(), rsa.password()));

        assertEquals(rsa.certificate(), key.certificate());
    }

    @Test
    void namesTheKeystoreWhenItsPasswordIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerKey.fromPkcs12(rsa.keystore(), "not-the-password".toCharArray()));

        assertTrue(e.getMessage().contains(rsa.keystore().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("wrong password"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-password"), e.getMessage());
    }

    @Test
    void refusesAKeyThatDoesNotBelongToTheCertificate() throws Exception {
        SelfSignedCertificate other = SelfSignedCertificate.make(dir.resolve("other"), "RSA");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerKey.fromPem(rsa.certPem(), other.keyPem()));

        assertTrue(e.getMessage().contains("does not belong to the first certificate"), e.getMessage());
    }

    @Test
    void namesTheConversionWhenTheKeyIsPkcs1() throws Exception {
        Path pkcs1 = dir.resolve("pkcs1.key");
        Files.writeString(pkcs1, SelfSignedCertificate.pem("RSA PRIVATE KEY", new byte[] {1, 2, 3}), StandardCharsets.US_ASCII);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerKey.fromPem(rsa.certPem(), pkcs1));

        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), e.getMessage());
    }

    @Test
    void namesTheFileThatHoldsNoCertificate() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerKey.fromPem(rsa.keyPem(), rsa.keyPem()));

        assertTrue(e.getMessage().contains("credence.tls.cert=" + rsa.keyPem()), e.getMessage());
        assertTrue(e.getMessage().contains("BEGIN CERTIFICATE"), e.getMessage());
    }

    @Test
    void aCertificateNeedsItsKeyAndAKeystoreItsPassword() {
        IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class,
                () -> TlsSettings.pem(rsa.certPem(), null));
        IllegalArgumentException noPassword = assertThrows(IllegalArgumentException.class,
                () -> TlsSettings.keystore(rsa.keystore(), null));
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> new TlsSettings(rsa.certPem(), rsa.keyPem(), rsa.keystore(), "x"));

        assertTrue(noKey.getMessage().contains("--tls-key"), noKey.getMessage());
        assertTrue(noPassword.getMessage().contains("CREDENCE_TLS_KEYSTORE_PASSWORD"), noPassword.getMessage());
        assertTrue(both.getMessage().contains("not both"), both.getMessage());
        assertFalse(TlsSettings.NONE.enabled());
    }

    @Test
    void neitherPrintsTheKeyNorThePassword() throws Exception {
        ServerKey key = ServerKey.fromPem(rsa.certPem(), rsa.keyPem());
        String keyBase64 = java.util.Base64.getEncoder().encodeToString(key.privateKey().getEncoded());

        assertFalse(key.toString().contains(keyBase64.substring(0, 40)), key.toString());
        assertFalse(TlsSettings.keystore(rsa.keystore(), rsa.password()).toString().contains(rsa.password()));
    }

    @Test
    void theParametersOfferOnlyTls12AndTls13() throws Exception {
        var parameters = ServerTls.parameters(ServerKey.fromPem(ec.certPem(), ec.keyPem()));

        assertEquals(List.of("TLSv1.2", "TLSv1.3"), parameters.getSecureSocketProtocols().getSecureSocketProtocol());
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            SSLEngine engine = parameters.createSSLContext(camel).createSSLEngine();
            engine.setUseClientMode(false);
            assertEquals(Set.of("TLSv1.2", "TLSv1.3"), Set.copyOf(Arrays.asList(engine.getEnabledProtocols())));
        }
    }
}
