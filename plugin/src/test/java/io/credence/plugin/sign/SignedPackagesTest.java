package io.credence.plugin.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.registry.ModelPackageException;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.runtime.ExecutionProviderPolicy;
import io.credence.plugin.runtime.OnnxRuntimeHost;
import io.credence.plugin.testing.ModelPackages;
import io.credence.plugin.testing.TestOnnxModels;
import io.credence.plugin.testing.TestSigning;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry given a trust serves signed packages of trusted keys and refuses every other, saying why. */
class SignedPackagesTest {

    @TempDir
    Path root;

    private final ModelRegistry registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU));

    @AfterEach
    void close() {
        registry.close();
    }

    private Path unsigned(String version) {
        return ModelPackages.writeUnsigned(root, ModelPackages.card("credit-default", version,
                List.of(FeatureSpec.numeric("x", 0, 1))), TestOnnxModels.logistic("features", new float[] {1f}, 0f,
                "probability", Map.of()));
    }

    private ModelPackageException refused(Path dir) {
        return assertThrows(ModelPackageException.class, () -> registry.loadPackage(dir));
    }

    private static void assertMessage(String expected, Exception e) {
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void aPackageSignedByATrustedKeyServesAndReportsTheKey() {
        Path dir = unsigned("1.0.0");
        PackageSignature signature = TestSigning.sign(dir);
        registry.trust(TestSigning.trust()).loadPackage(dir);

        assertEquals(0.5, registry.score("credit-default", Map.of("x", 0)).value(), 1e-6);
        assertEquals(Map.of("credit-default@1.0.0", PackageVerdict.signed(TestSigning.keyId())), registry.verdicts());
        assertEquals(TestSigning.keyId(), signature.keyId());
        assertEquals("signed by key " + TestSigning.keyId(), registry.verdicts().get("credit-default@1.0.0").label());
    }

    @Test
    void anUnsignedPackageIsRefusedNamingTheModelAndVersion() {
        Path dir = unsigned("1.0.0");
        ModelPackageException e = refused(withTrust(dir));
        assertMessage("model credit-default 1.0.0 (" + dir + ") refused: unsigned (no model.sig)", e);
        assertEquals(List.of(), registry.names());
    }

    @Test
    void aPackageSignedByAnotherKeyIsRefusedNamingItsKeyId() {
        Path dir = unsigned("1.0.0");
        KeyPair other = KeyFiles.generate();
        PackageSigner.sign(dir, other);
        ModelPackageException e = refused(withTrust(dir));
        assertMessage("model credit-default 1.0.0 (" + dir + ") refused: signed by unknown key id "
                + TrustedKeys.keyId(other.getPublic()) + "; trusted key ids: [" + TestSigning.keyId() + "]", e);
    }

    @Test
    void anOnnxFileChangedAfterSigningIsRefused() throws Exception {
        Path dir = unsigned("1.0.0");
        TestSigning.sign(dir);
        byte[] onnx = Files.readAllBytes(dir.resolve("model.onnx"));
        onnx[onnx.length - 1] ^= 1;
        Files.write(dir.resolve("model.onnx"), onnx);
        ModelPackageException e = refused(withTrust(dir));
        assertMessage("model credit-default 1.0.0 (" + dir + ") refused: model.onnx changed after signing (SHA-256 now "
                + PackageSignature.sha256(onnx) + ", signed ", e);
    }

    @Test
    void aCardChangedAfterSigningIsRefusedEvenWhenItIsStillAValidCard() throws Exception {
        Path dir = unsigned("1.0.0");
        TestSigning.sign(dir);
        Path card = dir.resolve("model-card.json");
        Files.writeString(card, Files.readString(card).replace("test model", "an edited description"));
        ModelPackageException e = refused(withTrust(dir));
        assertMessage("model credit-default 1.0.0 (" + dir + ") refused: model-card.json changed after signing", e);
    }

    @Test
    void aManifestEditedToMatchChangedFilesIsABadSignature() throws Exception {
        Path dir = unsigned("1.0.0");
        PackageSignature signature = TestSigning.sign(dir);
        Path card = dir.resolve("model-card.json");
        Files.writeString(card, Files.readString(card).replace("test model", "an edited description"));
        String forged = signature.text().replace(signature.cardSha256(),
                PackageSignature.sha256(Files.readAllBytes(card)));
        Files.writeString(dir.resolve("model.sig"), forged);
        ModelPackageException e = refused(withTrust(dir));
        assertMessage("model credit-default 1.0.0 (" + dir + ") refused: bad signature: model.sig does not verify with"
                + " the trusted key " + TestSigning.keyId(), e);
    }

    @Test
    void allowingUnsignedLetsUnsignedInButStillRefusesBadSignaturesAndUnknownKeys() throws Exception {
        registry.trust(new PackageTrust(TrustedKeys.of(TestSigning.pair().getPublic()), true));
        registry.loadPackage(unsigned("1.0.0"));
        assertEquals(PackageVerdict.UNSIGNED_ALLOWED, registry.verdicts().get("credit-default@1.0.0"));

        Path tampered = unsigned("2.0.0");
        TestSigning.sign(tampered);
        Files.write(tampered.resolve("model.onnx"), TestOnnxModels.logistic("features", new float[] {2f}, 0f,
                "probability", Map.of()));
        assertMessage("refused: model.onnx changed after signing", refused(tampered));

        Path stranger = unsigned("3.0.0");
        PackageSigner.sign(stranger, KeyFiles.generate());
        assertMessage("refused: signed by unknown key id", refused(stranger));

        Path garbled = unsigned("4.0.0");
        Files.writeString(garbled.resolve("model.sig"), "hello\n");
        assertMessage("model package " + garbled + " refused: bad signature file: " + garbled + "/model.sig: a "
                + "credence-model-signature/1 file has 6 lines, this one has 1", refused(garbled));
        assertEquals(List.of("1.0.0"), List.copyOf(registry.verdicts().keySet()).stream()
                .map(id -> id.substring(id.indexOf('@') + 1)).toList());
    }

    @Test
    void aRefusedVersionLeavesTheServingOneServing() {
        Path good = unsigned("1.0.0");
        TestSigning.sign(good);
        registry.trust(TestSigning.trust()).loadPackage(good);
        unsigned("9.9.9");
        ModelRegistry.LoadReport report = registry.loadDirectory(root);
        assertEquals(1, report.refused().size());
        assertMessage("model credit-default 9.9.9", report.refused().get(0));
        assertEquals("1.0.0", registry.active("credit-default").card().version());
        Path refused = root.resolve("credit-default").resolve("9.9.9");
        assertEquals(java.util.Set.of(refused.toString()), registry.refusals().keySet());
        assertTrue(registry.refusals().get(refused.toString()).contains("refused: unsigned"), registry.refusals().toString());

        TestSigning.sign(refused);
        registry.loadDirectory(root);
        assertEquals(Map.of(), registry.refusals());
        assertEquals("9.9.9", registry.active("credit-default").card().version());
    }

    @Test
    void aClosedRegistryReportsNothing() {
        Path dir = unsigned("1.0.0");
        TestSigning.sign(dir);
        registry.trust(TestSigning.trust()).loadPackage(dir);
        unsigned("2.0.0");
        registry.loadDirectory(root);
        registry.close();
        assertEquals(Map.of(), registry.verdicts());
        assertEquals(Map.of(), registry.refusals());
    }

    @Test
    void withoutATrustSignaturesAreNotChecked() {
        registry.loadPackage(unsigned("1.0.0"));
        assertEquals(PackageVerdict.NOT_CHECKED, registry.verdicts().get("credit-default@1.0.0"));
    }

    @Test
    void theSignatureFileReadsBackAndSignsTheManifestLines() {
        Path dir = unsigned("1.0.0");
        PackageSignature signature = TestSigning.sign(dir);
        String text = new String(assertDoesNotThrowRead(dir.resolve("model.sig")), StandardCharsets.US_ASCII);
        assertEquals(signature, PackageSignature.parse(text, "model.sig"));
        List<String> lines = text.lines().toList();
        assertEquals("credence-model-signature/1", lines.get(0));
        assertEquals("model credit-default 1.0.0", lines.get(1));
        assertEquals("sha256 model-card.json " + PackageSignature.sha256(assertDoesNotThrowRead(dir.resolve("model-card.json"))),
                lines.get(2));
        assertEquals("sha256 model.onnx " + PackageSignature.sha256(assertDoesNotThrowRead(dir.resolve("model.onnx"))),
                lines.get(3));
        assertEquals("key " + TestSigning.keyId(), lines.get(4));
        assertEquals(String.join("\n", lines.subList(0, 5)) + "\n", signature.signedText());
        assertTrue(signature.verifiesWith(TestSigning.pair().getPublic()));
        assertTrue(!signature.verifiesWith(KeyFiles.generate().getPublic()));
    }

    @Test
    void theKeyIdIsTheSha256OfThePublicKeysEncoding() {
        KeyPair pair = KeyFiles.generate();
        assertEquals(PackageSignature.sha256(pair.getPublic().getEncoded()), TrustedKeys.keyId(pair.getPublic()));
        assertEquals(64, TrustedKeys.keyId(pair.getPublic()).length());
    }

    @Test
    void aFolderOfTrustedKeysReadsEveryPubFileAndRefusesAnEmptyOne() throws Exception {
        Path keys = TestSigning.trustedKeysDir(root);
        KeyPair other = KeyFiles.generate();
        KeyFiles.writePublicKey(other.getPublic(), keys.resolve("other.pub"));
        Files.writeString(keys.resolve("README"), "not a key, not read");
        assertEquals(java.util.Set.of(TestSigning.keyId(), TrustedKeys.keyId(other.getPublic())),
                TrustedKeys.directory(keys).ids());

        Path empty = Files.createDirectories(root.resolve("empty"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrustedKeys.directory(empty));
        assertMessage(empty + " holds no *.pub public key file", e);
        Files.writeString(keys.resolve("broken.pub"), "hello");
        e = assertThrows(IllegalArgumentException.class, () -> TrustedKeys.directory(keys));
        assertMessage(keys.resolve("broken.pub") + " is not an Ed25519 public key", e);
    }

    @Test
    void signingAnInconsistentPackageIsRefused() throws Exception {
        Path dir = unsigned("1.0.0");
        Files.write(dir.resolve("model.onnx"), new byte[] {1, 2, 3});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TestSigning.sign(dir));
        assertMessage("refusing to sign an inconsistent package", e);
        assertTrue(Files.notExists(dir.resolve("model.sig")));
    }

    private Path withTrust(Path dir) {
        registry.trust(TestSigning.trust());
        return dir;
    }

    private static byte[] assertDoesNotThrowRead(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
