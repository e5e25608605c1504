package io.credence.plugin.sign;

import java.security.PublicKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which model packages may serve: those signed ({@value PackageSignature#FILE}) by one of
 * {@code keys} whose files are unchanged since, and, when {@code allowUnsigned}, also packages
 * with no signature file (one WARN line each). A signature that is malformed, made by an unknown
 * key, does not verify, or covers files that changed since, is refused whatever
 * {@code allowUnsigned} says.
 *
 * <pre>{@code
 * PackageTrust trust = new PackageTrust(TrustedKeys.classpath(loader), false);
 * registry.trust(trust);                                   // every later load is checked
 * PackageVerdict v = trust.checkSigned("models/credit-default/1.0.0", card, onnx, signatureText);
 * }</pre>
 *
 * @param keys          the trusted public keys
 * @param allowUnsigned let packages without a signature file in (never those with a bad one)
 */
public record PackageTrust(TrustedKeys keys, boolean allowUnsigned) {

    private static final Logger LOG = LoggerFactory.getLogger(PackageTrust.class);

    public PackageTrust {
        if (keys == null) {
            throw new IllegalArgumentException("package trust needs its trusted keys (TrustedKeys.NONE for none)");
        }
    }

    /**
     * Checks a package that has a signature file.
     *
     * @param where         the package, for messages ({@code models/credit-default/1.0.0})
     * @param card          the card file's bytes
     * @param onnx          the ONNX file's bytes
     * @param signatureText the signature file's text
     * @return {@link PackageVerdict#signed} with the key id
     * @throws UntrustedPackageException naming the model, version, {@code where} and why
     */
    public PackageVerdict checkSigned(String where, byte[] card, byte[] onnx, String signatureText) {
        PackageSignature signature;
        try {
            signature = PackageSignature.parse(signatureText, where + "/" + PackageSignature.FILE);
        } catch (IllegalArgumentException e) {
            throw new UntrustedPackageException("model package " + where + " refused: bad signature file: " + e.getMessage(), e);
        }
        String model = "model " + signature.name() + " " + signature.version() + " (" + where + ") refused: ";
        PublicKey key = keys.keys().get(signature.keyId());
        if (key == null) {
            throw new UntrustedPackageException(model + "signed by unknown key id " + signature.keyId()
                    + "; trusted key ids: " + keys.ids(), null);
        }
        if (!signature.verifiesWith(key)) {
            throw new UntrustedPackageException(model + "bad signature: " + PackageSignature.FILE
                    + " does not verify with the trusted key " + signature.keyId()
                    + " (the signature or the manifest it covers was altered)", null);
        }
        changed(model, PackageSignature.CARD_FILE, PackageSignature.sha256(card), signature.cardSha256());
        changed(model, PackageSignature.ONNX_FILE, PackageSignature.sha256(onnx), signature.onnxSha256());
        return PackageVerdict.signed(signature.keyId());
    }

    /**
     * Checks a package that has no signature file: let in with one WARN line when
     * {@link #allowUnsigned}, refused otherwise.
     *
     * @throws UntrustedPackageException naming the model, version, {@code where} and why
     */
    public PackageVerdict checkUnsigned(String name, String version, String where) {
        if (!allowUnsigned) {
            throw new UntrustedPackageException("model " + name + " " + version + " (" + where + ") refused: unsigned"
                    + " (no " + PackageSignature.FILE + "); sign it with a trusted key (credence-training sign --key FILE DIR)"
                    + " or allow unsigned models", null);
        }
        LOG.warn("model {} {} ({}) is UNSIGNED and serves only because unsigned models are allowed", name, version, where);
        return PackageVerdict.UNSIGNED_ALLOWED;
    }

    private static void changed(String model, String file, String actual, String signed) {
        if (!actual.equals(signed)) {
            throw new UntrustedPackageException(model + file + " changed after signing (SHA-256 now " + actual
                    + ", signed " + signed + ")", null);
        }
    }
}
