package io.credence.rules.service.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's private key and its X.509 certificate chain (server certificate first), read with
 * the JDK alone: {@link CertificateFactory} for the chain, {@link KeyFactory} with a
 * {@link PKCS8EncodedKeySpec} for the key, {@link KeyStore} for PKCS#12. Loading checks that the
 * key belongs to the certificate (a signature made with the key verifies with the certificate).
 *
 * <pre>{@code
 * ServerKey key = ServerKey.fromPem(Path.of("server.crt"), Path.of("server.key"));
 * KeyStore inMemory = key.keyStore(password);   // what the HTTP server's key manager reads
 * }</pre>
 *
 * @param privateKey the key, RSA or EC
 * @param chain      the certificate chain, the certificate of {@code privateKey} first
 */
public record ServerKey(PrivateKey privateKey, List<X509Certificate> chain) {

    /** The alias of the one entry in {@link #keyStore(char[])}. */
    public static final String ALIAS = "credence";

    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    private static final Map<String, String> SIGNATURES = Map.of("RSA", "SHA256withRSA", "EC", "SHA256withECDSA");

    public ServerKey {
        if (privateKey == null) {
            throw new IllegalArgumentException("a server key needs its private key");
        }
        if (chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException("a server key needs its certificate chain, the server certificate first");
        }
        chain = List.copyOf(chain);
        String algorithm = privateKey.getAlgorithm();
        if (!SIGNATURES.containsKey(algorithm)) {
            throw new IllegalArgumentException("the private key is " + algorithm + ", expected RSA or EC");
        }
        if (!belongsTo(privateKey, chain.get(0))) {
            throw new IllegalArgumentException("the private key does not belong to the first certificate of the chain ("
                    + chain.get(0).getSubjectX500Principal().getName() + "); the server certificate must come first");
        }
    }

    /** The key and chain {@code settings} name; call only when {@link TlsSettings#enabled()}. */
    public static ServerKey load(TlsSettings settings) {
        if (settings.keystore() != null) {
            return fromPkcs12(settings.keystore(), settings.keystorePassword().toCharArray());
        }
        if (settings.cert() != null) {
            return fromPem(settings.cert(), settings.key());
        }
        throw new IllegalArgumentException("TLS is not configured: set credence.tls.cert and credence.tls.key,"
                + " or credence.tls.keystore");
    }

    /**
     * The chain from {@code certFile} (one or more {@code BEGIN CERTIFICATE} blocks, the server
     * certificate first) and the key from {@code keyFile} (one {@code BEGIN PRIVATE KEY} block: PKCS#8, not encrypted).
     */
    public static ServerKey fromPem(Path certFile, Path keyFile) {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (byte[] der : blocks(certFile, "credence.tls.cert", "CERTIFICATE")) {
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException("credence.tls.cert=" + certFile + " holds a certificate that cannot be read: "
                    + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("credence.tls.cert=" + certFile
                    + " holds no -----BEGIN CERTIFICATE----- block; expected the PEM certificate chain");
        }
        List<byte[]> keys = blocks(keyFile, "credence.tls.key", "PRIVATE KEY");
        if (keys.size() != 1) {
            throw new IllegalArgumentException("credence.tls.key=" + keyFile + " holds " + keys.size()
                    + " -----BEGIN PRIVATE KEY----- blocks, expected exactly one (PKCS#8, not encrypted)");
        }
        String algorithm = chain.get(0).getPublicKey().getAlgorithm();
        PrivateKey key;
        try {
            key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(keys.get(0)));
        } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("credence.tls.key=" + keyFile + " is not a PKCS#8 " + algorithm
                    + " private key matching the certificate in " + certFile + " (expected RSA or EC)", e);
        }
        return new ServerKey(key, chain);
    }

    /** The one private key entry of a PKCS#12 keystore and its chain. */
    public static ServerKey fromPkcs12(Path file, char[] password) {
        KeyStore store;
        try (InputStream in = Files.newInputStream(file)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
        } catch (IOException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException) {
                throw new IllegalArgumentException("credence.tls.keystore=" + file
                        + " cannot be opened with the password given (wrong password?)", e);
            }
            throw new IllegalArgumentException("credence.tls.keystore=" + file + " cannot be read as PKCS#12: "
                    + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("credence.tls.keystore=" + file + " cannot be read as PKCS#12: "
                    + e.getMessage(), e);
        }
        try {
            List<String> keyAliases = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keyAliases.add(alias);
                }
            }
            if (keyAliases.size() != 1) {
                throw new IllegalArgumentException("credence.tls.keystore=" + file + " holds " + keyAliases.size()
                        + " private keys " + keyAliases + ", expected exactly one");
            }
            String alias = keyAliases.get(0);
            if (!(store.getKey(alias, password) instanceof PrivateKey key)) {
                throw new IllegalArgumentException("credence.tls.keystore=" + file + ": entry " + alias
                        + " is not a private key");
            }
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : store.getCertificateChain(alias)) {
                chain.add((X509Certificate) c);
            }
            return new ServerKey(key, chain);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("credence.tls.keystore=" + file + ": the private key cannot be read with"
                    + " the keystore's password (a PKCS#12 key must have the keystore's password): " + e.getMessage(), e);
        }
    }

    /** A new in-memory PKCS#12 keystore holding this key and chain under {@link #ALIAS}, protected by {@code password}. */
    public KeyStore keyStore(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, privateKey, password, chain.toArray(new Certificate[0]));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the in-memory PKCS#12 keystore", e);
        }
    }

    /** True when the server certificate is within its validity period now. */
    public boolean validNow() {
        try {
            certificate().checkValidity();
            return true;
        } catch (java.security.cert.CertificateExpiredException | java.security.cert.CertificateNotYetValidException e) {
            return false;
        }
    }

    /** The server certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    @Override
    public String toString() {
        // Never the key.
        X509Certificate c = certificate();
        return "ServerKey[" + privateKey.getAlgorithm() + ", subject=" + c.getSubjectX500Principal().getName()
                + ", notAfter=" + c.getNotAfter().toInstant() + ", chain=" + chain.size() + "]";
    }

    private static boolean belongsTo(PrivateKey key, X509Certificate certificate) {
        if (!key.getAlgorithm().equals(certificate.getPublicKey().getAlgorithm())) {
            return false;
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(SIGNATURES.get(key.getAlgorithm()));
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(SIGNATURES.get(key.getAlgorithm()));
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The DER contents of every PEM block of {@code type} in {@code file}; other key formats are named. */
    private static List<byte[]> blocks(Path file, String key, String type) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(key + "=" + file + " cannot be read: " + e, e);
        }
        List<byte[]> found = new ArrayList<>();
        Matcher m = PEM_BLOCK.matcher(text);
        while (m.find()) {
            String label = m.group(1);
            if (label.equals(type)) {
                try {
                    found.add(Base64.getMimeDecoder().decode(m.group(2)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(key + "=" + file + ": a " + type + " block is not valid base64", e);
                }
            } else if (type.equals("PRIVATE KEY") && (label.equals("RSA PRIVATE KEY") || label.equals("EC PRIVATE KEY"))) {
                throw new IllegalArgumentException(key + "=" + file + " holds a " + label + " block (PKCS#1/SEC1);"
                        + " expected PKCS#8 (BEGIN PRIVATE KEY): convert it with"
                        + " openssl pkcs8 -topk8 -nocrypt -in " + file + " -out server.key");
            } else if (type.equals("PRIVATE KEY") && label.equals("ENCRYPTED PRIVATE KEY")) {
                throw new IllegalArgumentException(key + "=" + file + " holds an encrypted private key; give an"
                        + " unencrypted PKCS#8 key readable only by the service's user, or a PKCS#12 keystore"
                        + " (--tls-keystore) with its password in a file or CREDENCE_TLS_KEYSTORE_PASSWORD");
            }
        }
        return found;
    }
}
