package io.credence.rules.service.tls;

import java.nio.file.Path;

/**
 * Where the server's key and certificate are: PEM files ({@code cert} and {@code key}) or a
 * PKCS#12 keystore with its password; or nothing, for plain HTTP.
 *
 * <pre>{@code
 * TlsSettings pem = TlsSettings.pem(Path.of("server.crt"), Path.of("server.key"));
 * TlsSettings p12 = TlsSettings.keystore(Path.of("server.p12"), password);
 * ServerKey key = ServerKey.load(pem);
 * }</pre>
 *
 * @param cert             {@code credence.tls.cert}: PEM file, the X.509 certificate chain, server certificate first
 * @param key              {@code credence.tls.key}: PEM file, the PKCS#8 private key ({@code BEGIN PRIVATE KEY}), RSA or EC
 * @param keystore         {@code credence.tls.keystore}: a PKCS#12 file holding one private key and its chain
 * @param keystorePassword the keystore's password ({@code CREDENCE_TLS_KEYSTORE_PASSWORD} or
 *                         {@code credence.tls.keystore.password.file}); never printed
 */
public record TlsSettings(Path cert, Path key, Path keystore, String keystorePassword) {

    /** Plain HTTP. */
    public static final TlsSettings NONE = new TlsSettings(null, null, null, null);

    public TlsSettings {
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException(cert == null
                    ? "credence.tls.key is set but credence.tls.cert is not: give both (--tls-cert PEM --tls-key PEM)"
                    : "credence.tls.cert is set but credence.tls.key is not: give both (--tls-cert PEM --tls-key PEM)");
        }
        if (keystore != null && cert != null) {
            throw new IllegalArgumentException("give either credence.tls.cert and credence.tls.key (PEM) or"
                    + " credence.tls.keystore (PKCS#12), not both");
        }
        if (keystore != null && keystorePassword == null) {
            throw new IllegalArgumentException("credence.tls.keystore=" + keystore + " needs its password:"
                    + " --tls-keystore-password-file FILE or the environment variable CREDENCE_TLS_KEYSTORE_PASSWORD");
        }
    }

    /** The key and chain from PEM files. */
    public static TlsSettings pem(Path cert, Path key) {
        return new TlsSettings(cert, key, null, null);
    }

    /** The key and chain from a PKCS#12 keystore. */
    public static TlsSettings keystore(Path keystore, String password) {
        return new TlsSettings(null, null, keystore, password);
    }

    /** True when the server speaks HTTPS. */
    public boolean enabled() {
        return cert != null || keystore != null;
    }

    @Override
    public String toString() {
        // Never the password.
        if (keystore != null) {
            return "TlsSettings[keystore=" + keystore + "]";
        }
        return cert == null ? "TlsSettings[none]" : "TlsSettings[cert=" + cert + ", key=" + key + "]";
    }
}
