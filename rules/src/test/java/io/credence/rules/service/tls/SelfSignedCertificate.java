package io.credence.rules.service.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made by the JDK's
 * {@code keytool} (the JDK has no public API that builds certificates): a PKCS#12 keystore, the
 * certificate exported as PEM by {@code keytool -exportcert -rfc}, and the private key written as
 * PKCS#8 PEM from the loaded keystore.
 *
 * <pre>{@code
 * SelfSignedCertificate cert = SelfSignedCertificate.make(dir, "RSA");
 * HttpClient client = HttpClient.newBuilder().sslContext(cert.trustingContext()).build();
 * }</pre>
 *
 * @param keystore    the PKCS#12 file made by keytool
 * @param password    its store and key password
 * @param certPem     the certificate, PEM
 * @param keyPem      the private key, PKCS#8 PEM ({@code BEGIN PRIVATE KEY})
 * @param certificate the certificate
 */
public record SelfSignedCertificate(Path keystore, String password, Path certPem, Path keyPem, X509Certificate certificate) {

    /** Makes one in {@code dir}: {@code keyAlgorithm} RSA (2048 bits) or EC (P-256). */
    public static SelfSignedCertificate make(Path dir, String keyAlgorithm) throws IOException, InterruptedException,
            GeneralSecurityException {
        Files.createDirectories(dir);
        String name = keyAlgorithm.toLowerCase(java.util.Locale.ROOT);
        Path keystore = dir.resolve(name + ".p12");
        String password = "test-store-" + name;
        List<String> generate = new ArrayList<>(List.of(keytool(), "-genkeypair", "-alias", "server", "-keyalg", keyAlgorithm));
        generate.addAll(keyAlgorithm.equals("EC") ? List.of("-groupname", "secp256r1") : List.of("-keysize", "2048"));
        generate.addAll(List.of("-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", password, "-keypass", password));
        run(generate);
        Path certPem = dir.resolve(name + ".crt");
        run(List.of(keytool(), "-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", password, "-file", certPem.toString()));

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password.toCharArray());
        }
        PrivateKey key = (PrivateKey) store.getKey("server", password.toCharArray());
        Path keyPem = dir.resolve(name + ".key");
        // PrivateKey.getEncoded() is PKCS#8 for the JDK's RSA and EC keys.
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
        X509Certificate certificate;
        try (InputStream in = Files.newInputStream(certPem)) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        return new SelfSignedCertificate(keystore, password, certPem, keyPem, certificate);
    }

    /** An SSLContext that trusts this certificate (and nothing else). */
    public SSLContext trustingContext() throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** {@code -----BEGIN type-----}, base64 in lines of 64, {@code -----END type-----}. */
    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("keytool failed (" + process.exitValue() + "): " + output);
        }
    }
}
