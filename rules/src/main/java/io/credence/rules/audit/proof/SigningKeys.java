package io.credence.rules.audit.proof;

import io.credence.plugin.sign.KeyFiles;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The checkpoint signing key on disk: an Ed25519 private key in {@code FILE} (PKCS#8 PEM,
 * readable by its owner only where the file system has POSIX permissions) and its public key in
 * {@code FILE.pub} (X.509 SubjectPublicKeyInfo PEM), the format {@code openssl genpkey -algorithm
 * ed25519} writes and reads. The files are read and written by the plugin's {@link KeyFiles}, the
 * same format model packages are signed with.
 *
 * <pre>{@code
 * SigningKeys.write(SigningKeys.generate(), Path.of("/etc/credence/checkpoint.key"));  // and checkpoint.key.pub
 * KeyPair pair = SigningKeys.read(Path.of("/etc/credence/checkpoint.key"));
 * PublicKey key = SigningKeys.readPublicKey(Path.of("checkpoint.key.pub"));
 * String id = SigningKeys.keyId(key);   // "1a2b3c4d5e6f7081"
 * }</pre>
 *
 * <p>Content errors are {@link IllegalArgumentException}s naming the file and the expected
 * format; files that cannot be read or written are {@link UncheckedIOException}s.
 */
public final class SigningKeys {

    /** The JDK's name of the algorithm. */
    public static final String ALGORITHM = KeyFiles.ALGORITHM;

    private SigningKeys() {
    }

    /** A fresh Ed25519 key pair. */
    public static KeyPair generate() {
        return KeyFiles.generate();
    }

    /**
     * The checkpoint key id: the first 8 bytes of SHA-256 over the public key's X.509 encoding, as
     * 16 hex digits (the first 16 digits of the key id a model package signature names).
     */
    public static String keyId(PublicKey key) {
        byte[] digest = MerkleHashes.sha256().digest(key.getEncoded());
        return HexFormat.of().formatHex(Arrays.copyOf(digest, 8));
    }

    /** Where the public key of a private key file lives: {@code FILE.pub}. */
    public static Path publicKeyFile(Path privateKeyFile) {
        return KeyFiles.publicKeyFile(privateKeyFile);
    }

    /**
     * Writes the private key to {@code file} (owner-only) and the public key to {@code file.pub}.
     * Refuses to replace an existing file: a signing key is not overwritten by accident.
     */
    public static void write(KeyPair pair, Path file) {
        KeyFiles.write(pair, file);
    }

    /** Reads {@code file} and {@code file.pub} and checks they belong together. */
    public static KeyPair read(Path file) {
        return KeyFiles.read(file);
    }

    /** @throws IllegalArgumentException "FILE is not an Ed25519 private key in PKCS#8 PEM" when it is not */
    public static PrivateKey readPrivateKey(Path file) {
        return KeyFiles.readPrivateKey(file);
    }

    /** @throws IllegalArgumentException "FILE is not an Ed25519 public key in X.509 PEM" when it is not */
    public static PublicKey readPublicKey(Path file) {
        return KeyFiles.readPublicKey(file);
    }

    static void checkEd25519(PublicKey key, Object where) {
        KeyFiles.checkEd25519(key, where);
    }

    static String pem(String label, byte[] der) {
        return KeyFiles.pem(label, der);
    }
}
