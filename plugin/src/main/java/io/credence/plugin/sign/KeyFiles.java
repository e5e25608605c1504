package io.credence.plugin.sign;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Set;

/**
 * Ed25519 key files: the private key in {@code FILE} (PKCS#8 PEM, readable by its owner only where
 * the file system has POSIX permissions) and its public key in {@code FILE.pub} (X.509
 * SubjectPublicKeyInfo PEM), the format {@code openssl genpkey -algorithm ed25519} writes and reads.
 * Model packages are signed with such a key, and audit checkpoints too.
 *
 * <pre>{@code
 * KeyFiles.write(KeyFiles.generate(), Path.of("/etc/credence/release.key"));   // and release.key.pub
 * KeyPair pair = KeyFiles.read(Path.of("/etc/credence/release.key"));           // both halves, checked
 * PublicKey key = KeyFiles.readPublicKey(Path.of("release.key.pub"));
 * }</pre>
 *
 * <p>Content errors are {@link IllegalArgumentException}s naming the file and the expected
 * format; files that cannot be read or written are {@link UncheckedIOException}s. Neither ever
 * contains key material.
 */
public final class KeyFiles {

    /** The JDK's name of the algorithm. */
    public static final String ALGORITHM = "Ed25519";

    private static final String PRIVATE_LABEL = "PRIVATE KEY";
    private static final String PUBLIC_LABEL = "PUBLIC KEY";
    private static final byte[] PROBE = "credence key probe".getBytes(StandardCharsets.US_ASCII);

    private KeyFiles() {
    }

    /** A fresh Ed25519 key pair. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no Ed25519 (Java 15 or later provides it)", e);
        }
    }

    /** Where the public key of a private key file lives: {@code FILE.pub}. */
    public static Path publicKeyFile(Path privateKeyFile) {
        return privateKeyFile.resolveSibling(privateKeyFile.getFileName() + ".pub");
    }

    /**
     * Writes the private key to {@code file} (owner-only) and the public key to {@code file.pub}.
     * Refuses to replace an existing file: a signing key is not overwritten by accident.
     */
    public static void write(KeyPair pair, Path file) {
        checkEd25519(pair.getPublic(), file);
        Path pub = publicKeyFile(file);
        for (Path p : new Path[] {file, pub}) {
            if (Files.exists(p)) {
                throw new IllegalArgumentException(p + " already exists; refusing to overwrite a signing key file"
                        + " (move it away or choose another --out)");
            }
        }
        createAndWrite(file, pem(PRIVATE_LABEL, pair.getPrivate().getEncoded()), true);
        createAndWrite(pub, pem(PUBLIC_LABEL, pair.getPublic().getEncoded()), false);
    }

    /** Writes only a public key, e.g. into a folder of trusted keys; refuses to replace a file. */
    public static void writePublicKey(PublicKey key, Path file) {
        checkEd25519(key, file);
        createAndWrite(file, pem(PUBLIC_LABEL, key.getEncoded()), false);
    }

    /** Reads {@code file} and {@code file.pub} and checks they belong together. */
    public static KeyPair read(Path file) {
        PrivateKey privateKey = readPrivateKey(file);
        Path pub = publicKeyFile(file);
        PublicKey publicKey = readPublicKey(pub);
        KeyPair pair = new KeyPair(publicKey, privateKey);
        if (!belongTogether(pair)) {
            throw new IllegalArgumentException("the private key " + file + " and the public key " + pub
                    + " do not belong together");
        }
        return pair;
    }

    /** @throws IllegalArgumentException "FILE is not an Ed25519 private key in PKCS#8 PEM" when it is not */
    public static PrivateKey readPrivateKey(Path file) {
        String what = file + " is not an Ed25519 private key in PKCS#8 PEM";
        byte[] der = unpem(read(file, "private key"), PRIVATE_LABEL, what);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException(what + " (" + e.getMessage() + ")", e);
        }
    }

    /** @throws IllegalArgumentException "FILE is not an Ed25519 public key in X.509 PEM" when it is not */
    public static PublicKey readPublicKey(Path file) {
        return parsePublicKey(read(file, "public key"), file.toString());
    }

    /** A public key from PEM text; {@code origin} names where it came from in errors. */
    public static PublicKey parsePublicKey(String pem, String origin) {
        String what = origin + " is not an Ed25519 public key in X.509 (SubjectPublicKeyInfo) PEM";
        byte[] der = unpem(pem, PUBLIC_LABEL, what);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException(what + " (" + e.getMessage() + ")", e);
        }
    }

    /** @throws IllegalArgumentException naming {@code where} when {@code key} is not an Ed25519 key */
    public static void checkEd25519(PublicKey key, Object where) {
        try {
            KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException(where + ": expected an Ed25519 key, got " + key.getAlgorithm(), e);
        }
    }

    /** Whether the private key signs what the public key verifies. */
    public static boolean belongTogether(KeyPair pair) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(pair.getPrivate());
            signer.update(PROBE);
            byte[] probe = signer.sign();
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(pair.getPublic());
            verifier.update(PROBE);
            return verifier.verify(probe);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** DER bytes as a PEM block with {@code label} ({@code PRIVATE KEY}, {@code PUBLIC KEY}). */
    public static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static byte[] unpem(String text, String label, String what) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException(what + " (expected a block from '" + begin + "' to '" + end + "')");
        }
        String body = text.substring(from + begin.length(), to).replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " (the block is not base64)", e);
        }
    }

    private static String read(Path file, String what) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(what + " file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " file " + file + ": " + e, e);
        }
    }

    private static void createAndWrite(Path file, String text, boolean ownerOnly) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            FileAttribute<?>[] attributes = ownerOnly && posix(file)
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                    : new FileAttribute<?>[0];
            try (FileChannel channel = FileChannel.open(file,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
                channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException(file + " already exists; refusing to overwrite a signing key file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e, e);
        }
    }

    private static boolean posix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
