package io.credence.rules.audit.proof;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

    /** The Ed25519 key pair of RFC 8410 §10.1 and §10.3, as openssl writes it. */
    private static final String RFC8410_PRIVATE = "-----BEGIN PRIVATE KEY-----\n"
            + "MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n-----END PRIVATE KEY-----\n";
    private static final String RFC8410_PUBLIC = "-----BEGIN PUBLIC KEY-----\n"
            + "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n";

    @TempDir
    Path dir;

    @Test
    void writtenKeysReadBackAndSignTogether() {
        KeyPair pair = SigningKeys.generate();
        Path file = dir.resolve("keys/checkpoint.key");
        SigningKeys.write(pair, file);

        KeyPair read = SigningKeys.read(file);
        assertArrayEquals(pair.getPrivate().getEncoded(), read.getPrivate().getEncoded());
        assertArrayEquals(pair.getPublic().getEncoded(), read.getPublic().getEncoded());
        assertArrayEquals(pair.getPublic().getEncoded(),
                SigningKeys.readPublicKey(dir.resolve("keys/checkpoint.key.pub")).getEncoded());
        Checkpoint cp = new CheckpointSigner(read).sign(0, MerkleHashes.EMPTY_ROOT, Instant.EPOCH);
        assertTrue(new CheckpointVerifier(pair.getPublic()).verify(cp).valid());
    }

    @Test
    void theFilesArePemAndThePrivateOneIsTheOwnersOnly() throws IOException {
        Path file = dir.resolve("checkpoint.key");
        SigningKeys.write(SigningKeys.generate(), file);

        assertTrue(Files.readString(file).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertTrue(Files.readString(file).endsWith("-----END PRIVATE KEY-----\n"));
        assertTrue(Files.readString(dir.resolve("checkpoint.key.pub")).startsWith("-----BEGIN PUBLIC KEY-----\n"));
        assumeTrue(file.getFileSystem().supportedFileAttributeViews().contains("posix"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void theKeyIdIsTheStartOfTheSha256OfThePublicKey() {
        KeyPair pair = SigningKeys.generate();
        byte[] digest = ReferenceMerkle.sha256(pair.getPublic().getEncoded());
        assertEquals(HexFormat.of().formatHex(Arrays.copyOf(digest, 8)), SigningKeys.keyId(pair.getPublic()));
        assertEquals(16, SigningKeys.keyId(pair.getPublic()).length());
    }

    @Test
    void keysInTheFormatOpensslWritesAreRead() throws IOException {
        Path file = dir.resolve("rfc8410.key");
        Files.writeString(file, RFC8410_PRIVATE);
        Files.writeString(dir.resolve("rfc8410.key.pub"), RFC8410_PUBLIC);

        KeyPair pair = SigningKeys.read(file);
        assertEquals("19bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1",
                HexFormat.of().formatHex(Arrays.copyOfRange(pair.getPublic().getEncoded(), 12, 44)));
    }

    @Test
    void anExistingKeyFileIsNotOverwritten() throws IOException {
        Path file = dir.resolve("checkpoint.key");
        Files.writeString(dir.resolve("checkpoint.key.pub"), "keep me");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SigningKeys.write(SigningKeys.generate(), file));
        assertTrue(e.getMessage().contains("already exists; refusing to overwrite"), e.getMessage());
        assertEquals("keep me", Files.readString(dir.resolve("checkpoint.key.pub")));
        assertTrue(Files.notExists(file));
    }

    @Test
    void theWrongFileIsNamedWithTheFormatExpected() throws Exception {
        Path pub = dir.resolve("a.key.pub");
        Files.writeString(pub, RFC8410_PUBLIC);
        Path priv = dir.resolve("b.key");
        Files.writeString(priv, RFC8410_PRIVATE);
        Path garbage = dir.resolve("garbage");
        Files.writeString(garbage, "hello");
        Path badBase64 = dir.resolve("bad64");
        Files.writeString(badBase64, "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n");
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Path rsaKey = dir.resolve("rsa.key");
        Files.writeString(rsaKey, SigningKeys.pem("PRIVATE KEY", rsa.generateKeyPair().getPrivate().getEncoded()));

        for (Path p : new Path[] {pub, garbage, badBase64, rsaKey}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SigningKeys.readPrivateKey(p));
            assertTrue(e.getMessage().startsWith(p + " is not an Ed25519 private key in PKCS#8 PEM"), e.getMessage());
        }
        for (Path p : new Path[] {priv, garbage}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SigningKeys.readPublicKey(p));
            assertTrue(e.getMessage().startsWith(p + " is not an Ed25519 public key"), e.getMessage());
        }
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.key");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> SigningKeys.readPrivateKey(missing));
        assertTrue(e.getMessage().contains(missing + " does not exist"), e.getMessage());
    }

    @Test
    void halvesOfTwoPairsAreRefused() throws IOException {
        Path a = dir.resolve("a.key");
        SigningKeys.write(SigningKeys.generate(), a);
        Path b = dir.resolve("b.key");
        SigningKeys.write(SigningKeys.generate(), b);
        Files.copy(dir.resolve("b.key.pub"), dir.resolve("a.key.pub"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SigningKeys.read(a));
        assertTrue(e.getMessage().contains("do not belong together"), e.getMessage());
    }
}
