package io.credence.plugin.sign;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The signature file {@value #FILE} of a model package: an Ed25519 signature over a manifest that
 * names the model and the SHA-256 of {@code model-card.json} and {@code model.onnx}, exactly as
 * they are on disk.
 *
 * <pre>{@code
 * PackageSignature sig = PackageSignature.sign("credit-default", "1.0.0", cardBytes, onnxBytes, KeyFiles.read(key));
 * Files.writeString(dir.resolve(PackageSignature.FILE), sig.text());
 * PackageSignature read = PackageSignature.parse(Files.readString(dir.resolve(PackageSignature.FILE)), "model.sig");
 * boolean ok = read.verifiesWith(publicKey);          // the manifest is what the key signed
 * }</pre>
 *
 * <p>The file is six lines of ASCII, each ending in a line feed:
 * <pre>
 * credence-model-signature/1
 * model credit-default 1.0.0
 * sha256 model-card.json 5f2c…(64 lower-case hex digits)
 * sha256 model.onnx 3b0c…
 * key 9d1e…(the key id: SHA-256 of the public key's X.509 encoding, 64 hex digits)
 * signature MC4C…(base64 of the 64-byte Ed25519 signature)
 * </pre>
 * The signed bytes are the first five lines, line feeds included ({@link #signedText()}).
 *
 * @param name       the model name the card gives
 * @param version    the model version the card gives
 * @param cardSha256 SHA-256 of the card file's bytes
 * @param onnxSha256 SHA-256 of the ONNX file's bytes
 * @param keyId      {@link TrustedKeys#keyId} of the signing key
 * @param signature  the Ed25519 signature of {@link #signedText()}
 */
public record PackageSignature(String name, String version, String cardSha256, String onnxSha256, String keyId,
                               byte[] signature) {

    /** The signature file's name inside a package. */
    public static final String FILE = "model.sig";
    /** Its first line. */
    public static final String FORMAT = "credence-model-signature/1";
    /** The card's file name, as the manifest names it. */
    public static final String CARD_FILE = "model-card.json";
    /** The ONNX file's name, as the manifest names it. */
    public static final String ONNX_FILE = "model.onnx";

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._+-]+");

    public PackageSignature {
        require(name != null && TOKEN.matcher(name).matches(), "model name", name);
        require(version != null && TOKEN.matcher(version).matches(), "model version", version);
        require(cardSha256 != null && HEX64.matcher(cardSha256).matches(), "card SHA-256 (64 lower-case hex digits)", cardSha256);
        require(onnxSha256 != null && HEX64.matcher(onnxSha256).matches(), "ONNX SHA-256 (64 lower-case hex digits)", onnxSha256);
        require(keyId != null && HEX64.matcher(keyId).matches(), "key id (64 lower-case hex digits)", keyId);
        if (signature == null || signature.length != 64) {
            throw new IllegalArgumentException("an Ed25519 signature is 64 bytes, got "
                    + (signature == null ? "none" : signature.length + " bytes"));
        }
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** Signs the package files' bytes with {@code pair}. */
    public static PackageSignature sign(String name, String version, byte[] card, byte[] onnx, KeyPair pair) {
        KeyFiles.checkEd25519(pair.getPublic(), "package signing key");
        String keyId = TrustedKeys.keyId(pair.getPublic());
        String text = signedText(name, version, sha256(card), sha256(onnx), keyId);
        try {
            Signature signer = Signature.getInstance(KeyFiles.ALGORITHM);
            signer.initSign(pair.getPrivate());
            signer.update(text.getBytes(StandardCharsets.UTF_8));
            return new PackageSignature(name, version, sha256(card), sha256(onnx), keyId, signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign model " + name + " " + version + " with key " + keyId + ": " + e, e);
        }
    }

    /** What the key signed: the first five lines of the file. */
    public String signedText() {
        return signedText(name, version, cardSha256, onnxSha256, keyId);
    }

    /** The whole file. */
    public String text() {
        return signedText() + "signature " + Base64.getEncoder().encodeToString(signature) + "\n";
    }

    /** Whether {@code key} made this signature of {@link #signedText()}. */
    public boolean verifiesWith(PublicKey key) {
        try {
            Signature verifier = Signature.getInstance(KeyFiles.ALGORITHM);
            verifier.initVerify(key);
            verifier.update(signedText().getBytes(StandardCharsets.UTF_8));
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Reads a signature file.
     *
     * @throws IllegalArgumentException naming {@code origin}, the line and what was expected
     */
    public static PackageSignature parse(String text, String origin) {
        List<String> lines = text.lines().toList();
        if (lines.size() != 6) {
            throw new IllegalArgumentException(origin + ": a " + FORMAT + " file has 6 lines, this one has " + lines.size());
        }
        if (!lines.get(0).equals(FORMAT)) {
            throw new IllegalArgumentException(origin + ": line 1 must be '" + FORMAT + "', was '" + clip(lines.get(0)) + "'");
        }
        String[] model = fields(lines, 1, origin, "model NAME VERSION", "model", 3);
        String cardSha = fields(lines, 2, origin, "sha256 " + CARD_FILE + " HEX", "sha256", 3)[2];
        if (!lines.get(2).startsWith("sha256 " + CARD_FILE + " ")) {
            throw new IllegalArgumentException(origin + ": line 3 must be 'sha256 " + CARD_FILE + " HEX'");
        }
        String onnxSha = fields(lines, 3, origin, "sha256 " + ONNX_FILE + " HEX", "sha256", 3)[2];
        if (!lines.get(3).startsWith("sha256 " + ONNX_FILE + " ")) {
            throw new IllegalArgumentException(origin + ": line 4 must be 'sha256 " + ONNX_FILE + " HEX'");
        }
        String keyId = fields(lines, 4, origin, "key HEX", "key", 2)[1];
        String encoded = fields(lines, 5, origin, "signature BASE64", "signature", 2)[1];
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(origin + ": line 6: the signature is not base64", e);
        }
        try {
            return new PackageSignature(model[1], model[2], cardSha, onnxSha, keyId, signature);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
        }
    }

    /** SHA-256 of {@code bytes} as 64 lower-case hex digits. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    private static String signedText(String name, String version, String cardSha, String onnxSha, String keyId) {
        return FORMAT + "\n"
                + "model " + name + " " + version + "\n"
                + "sha256 " + CARD_FILE + " " + cardSha + "\n"
                + "sha256 " + ONNX_FILE + " " + onnxSha + "\n"
                + "key " + keyId + "\n";
    }

    private static String[] fields(List<String> lines, int index, String origin, String expected, String keyword, int count) {
        String[] parts = lines.get(index).split(" ", -1);
        if (parts.length != count || !parts[0].equals(keyword)) {
            throw new IllegalArgumentException(origin + ": line " + (index + 1) + " must be '" + expected + "', was '"
                    + clip(lines.get(index)) + "'");
        }
        return parts;
    }

    private static void require(boolean ok, String what, String value) {
        if (!ok) {
            throw new IllegalArgumentException("the signature's " + what + " is not valid: '" + clip(String.valueOf(value)) + "'");
        }
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PackageSignature other && text().equals(other.text());
    }

    @Override
    public int hashCode() {
        return text().hashCode();
    }

    @Override
    public String toString() {
        return "PackageSignature[" + name + " " + version + ", key " + keyId + "]";
    }
}
