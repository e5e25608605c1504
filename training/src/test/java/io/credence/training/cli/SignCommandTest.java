package io.credence.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.registry.ModelPackageException;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.runtime.ExecutionProviderPolicy;
import io.credence.plugin.runtime.OnnxRuntimeHost;
import io.credence.plugin.sign.KeyFiles;
import io.credence.plugin.sign.PackageSignature;
import io.credence.plugin.sign.PackageTrust;
import io.credence.plugin.sign.PackageVerdict;
import io.credence.plugin.sign.TrustedKeys;
import io.credence.plugin.testing.TestSigning;
import io.credence.training.data.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --sign-key} and {@code sign}: packages a registry that trusts the key serves, and no other. */
class SignCommandTest {

    @TempDir
    Path dir;

    @Test
    void aPackageTrainedWithASignKeyIsServedWhereItsKeyIsTrustedAndRefusedElsewhere() throws Exception {
        Path key = TestSigning.writeKeyFiles(dir.resolve("keys/test.key"));
        Path pkg = dir.resolve("models/credit-default/1.0.0");
        Cli result = Cli.run("train", "--data", TestFiles.resource("german-credit-sample.csv").toString(),
                "--target", "class", "--bad", "2", "--epochs", "2", "--folds", "0", "--sign-key", key.toString(),
                "--out", pkg.toString());
        assertEquals(0, result.exitCode(), result.err() + result.out());
        assertTrue(result.out().contains("signed credit-default 1.0.0 with key " + TestSigning.keyId()), result.out());
        assertNoPrivateKey(key, result.out() + result.err());
        assertTrue(Files.isRegularFile(pkg.resolve(PackageSignature.FILE)));

        try (ModelRegistry trusting = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU))) {
            trusting.trust(new PackageTrust(TrustedKeys.directory(TestSigning.trustedKeysDir(dir)), false));
            trusting.loadDirectory(dir.resolve("models"));
            assertEquals(Map.of("credit-default@1.0.0", PackageVerdict.signed(TestSigning.keyId())), trusting.verdicts());
            assertEquals("1.0.0", trusting.active("credit-default").card().version());
        }
        try (ModelRegistry other = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU))) {
            other.trust(new PackageTrust(TrustedKeys.of(KeyFiles.generate().getPublic()), false));
            ModelPackageException e = assertThrows(ModelPackageException.class, () -> other.loadPackage(pkg));
            assertTrue(e.getMessage().contains("model credit-default 1.0.0 (" + pkg + ") refused: signed by unknown key id "
                    + TestSigning.keyId()), e.getMessage());
        }
    }

    @Test
    void signReSignsAnExistingPackageWithAnotherKey() throws Exception {
        Path pkg = io.credence.plugin.testing.ModelPackages.writeUnsigned(dir.resolve("models"),
                io.credence.plugin.testing.ModelPackages.card("credit-default", "2.0.0",
                        java.util.List.of(io.credence.plugin.card.FeatureSpec.numeric("x", 0, 1))),
                io.credence.plugin.testing.TestOnnxModels.logistic("features", new float[] {1f}, 0f, "probability", Map.of()));
        Path release = dir.resolve("release.key");
        KeyFiles.write(KeyFiles.generate(), release);
        String releaseId = TrustedKeys.keyId(KeyFiles.readPublicKey(KeyFiles.publicKeyFile(release)));

        Cli first = Cli.run("sign", "--key", TestSigning.writeKeyFiles(dir.resolve("test.key")).toString(), pkg.toString());
        assertEquals(0, first.exitCode(), first.err());
        Cli again = Cli.run("sign", "--key", release.toString(), pkg.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertEquals("signed credit-default 2.0.0 with key " + releaseId + " -> " + pkg.resolve("model.sig"),
                again.out().strip());
        assertNoPrivateKey(release, again.out() + again.err());
        assertEquals(releaseId, PackageSignature.parse(Files.readString(pkg.resolve("model.sig")), "model.sig").keyId());
    }

    @Test
    void aMissingSignKeyStopsTrainingBeforeItStartsNamingTheFile() {
        Path pkg = dir.resolve("models/credit-default/1.0.0");
        Path missing = dir.resolve("nope.key");
        Cli result = Cli.run("train", "--data", TestFiles.resource("german-credit-sample.csv").toString(),
                "--target", "class", "--bad", "2", "--epochs", "2", "--folds", "0", "--sign-key", missing.toString(),
                "--out", pkg.toString());
        assertEquals(2, result.exitCode(), result.out());
        assertTrue(result.err().contains("private key file " + missing + " does not exist"), result.err());
        assertFalse(result.out().contains("epoch"), result.out());
        assertFalse(Files.exists(pkg));
    }

    @Test
    void keygenWritesAKeyPairThatSigns() throws Exception {
        Path key = dir.resolve("k/models.key");
        Cli result = Cli.run("keygen", "--out", key.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("key id: " + TrustedKeys.keyId(KeyFiles.readPublicKey(KeyFiles.publicKeyFile(key)))),
                result.out());
        assertNoPrivateKey(key, result.out());
        assertTrue(KeyFiles.belongTogether(KeyFiles.read(key)));
    }

    private static void assertNoPrivateKey(Path key, String output) throws Exception {
        String pem = Files.readString(key);
        String body = pem.substring(pem.indexOf('\n') + 1, pem.indexOf("-----END")).strip();
        assertFalse(output.contains(body) || output.contains("PRIVATE KEY-----"), "the private key was printed");
    }
}
