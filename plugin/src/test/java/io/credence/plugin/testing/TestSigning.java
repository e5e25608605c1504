package io.credence.plugin.testing;

import io.credence.plugin.sign.KeyFiles;
import io.credence.plugin.sign.PackageSignature;
import io.credence.plugin.sign.PackageSigner;
import io.credence.plugin.sign.PackageTrust;
import io.credence.plugin.sign.TrustedKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;

/**
 * The test signing key: the Ed25519 pair of RFC 8410 §10.3 (published, so never a secret), which
 * {@link ModelPackages#write} signs every test package with.
 *
 * <pre>{@code
 * ModelPackages.write(models, card, onnx);                       // signed with the test key
 * settings.put("credence.models.trusted-keys", TestSigning.trustedKeysDir(dir).toString());
 * registry.trust(TestSigning.trust());
 * }</pre>
 */
public final class TestSigning {

    private static final String PRIVATE = "-----BEGIN PRIVATE KEY-----\n"
            + "MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n-----END PRIVATE KEY-----\n";
    private static final String PUBLIC = "-----BEGIN PUBLIC KEY-----\n"
            + "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n";

    private TestSigning() {
    }

    /** A fresh copy of the test key pair. */
    public static KeyPair pair() {
        try {
            Path dir = Files.createTempDirectory("credence-test-key");
            Path key = dir.resolve("test.key");
            Files.writeString(key, PRIVATE);
            Files.writeString(KeyFiles.publicKeyFile(key), PUBLIC);
            KeyPair pair = KeyFiles.read(key);
            Files.delete(key);
            Files.delete(KeyFiles.publicKeyFile(key));
            Files.delete(dir);
            return pair;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The test key's id. */
    public static String keyId() {
        return TrustedKeys.keyId(pair().getPublic());
    }

    /** Signs the package in {@code dir} with the test key. */
    public static PackageSignature sign(Path dir) {
        return PackageSigner.sign(dir, pair());
    }

    /** Trusts the test key only; unsigned packages are refused. */
    public static PackageTrust trust() {
        return new PackageTrust(TrustedKeys.of(pair().getPublic()), false);
    }

    /** Writes the private key to {@code file} and the public key to {@code file.pub}, for CLI tests. */
    public static Path writeKeyFiles(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, PRIVATE);
            Files.writeString(KeyFiles.publicKeyFile(file), PUBLIC);
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code parent/trusted-keys/test.pub}: a folder of trusted keys that holds the test key; returns the folder. */
    public static Path trustedKeysDir(Path parent) {
        Path dir = parent.resolve("trusted-keys");
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("test.pub"), PUBLIC);
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
