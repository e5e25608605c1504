package io.credence.plugin.sign;

import io.credence.plugin.card.ModelCard;
import io.credence.plugin.card.ModelCards;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;

/**
 * Signs a model package directory: writes {@value PackageSignature#FILE} over its
 * {@code model-card.json} and {@code model.onnx}, replacing an older signature.
 *
 * <pre>{@code
 * PackageSignature sig = PackageSigner.sign(Path.of("models/credit-default/1.1.0"), KeyFiles.read(Path.of("release.key")));
 * sig.keyId();     // the id a service's trusted keys must contain
 * }</pre>
 */
public final class PackageSigner {

    private PackageSigner() {
    }

    /**
     * @throws io.credence.plugin.card.InvalidModelCardException when the card is not valid, IllegalArgumentException when
     *         the ONNX file does not match it
     * @throws UncheckedIOException     when a file cannot be read or the signature cannot be written
     */
    public static PackageSignature sign(Path dir, KeyPair pair) {
        Path cardFile = dir.resolve(PackageSignature.CARD_FILE);
        Path onnxFile = dir.resolve(PackageSignature.ONNX_FILE);
        byte[] card = read(cardFile);
        byte[] onnx = read(onnxFile);
        ModelCard parsed = ModelCards.parse(new String(card, StandardCharsets.UTF_8), cardFile.toString());
        if (!parsed.onnxSha256().equals(PackageSignature.sha256(onnx))) {
            throw new IllegalArgumentException(onnxFile + ": SHA-256 is " + PackageSignature.sha256(onnx) + " but the card "
                    + cardFile + " expects " + parsed.onnxSha256() + "; refusing to sign an inconsistent package");
        }
        PackageSignature signature = PackageSignature.sign(parsed.name(), parsed.version(), card, onnx, pair);
        Path target = dir.resolve(PackageSignature.FILE);
        try {
            Path tmp = Files.createTempFile(dir, PackageSignature.FILE, ".tmp");
            Files.writeString(tmp, signature.text(), StandardCharsets.US_ASCII);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e, e);
        }
        return signature;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": a model package holds " + PackageSignature.CARD_FILE
                    + " and " + PackageSignature.ONNX_FILE, e);
        }
    }
}
