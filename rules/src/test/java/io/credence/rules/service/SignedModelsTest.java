package io.credence.rules.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.sign.KeyFiles;
import io.credence.plugin.sign.PackageSignature;
import io.credence.plugin.sign.TrustedKeys;
import io.credence.plugin.testing.ModelPackages;
import io.credence.plugin.testing.TestOnnxModels;
import io.credence.plugin.testing.TestSigning;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service serves only packages signed by a key it trusts: the release key of the bundled models, or --trusted-keys. */
class SignedModelsTest {

    private static final String BUNDLED = "models/credit-default/1.0.0/";

    @TempDir
    Path dir;

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = SignedModelsTest.class.getClassLoader().getResourceAsStream(name)) {
            assertTrue(in != null, name + " is not on the classpath");
            return in.readAllBytes();
        }
    }

    private static String releaseKeyId() throws Exception {
        return TrustedKeys.keyId(KeyFiles.parsePublicKey(new String(resource(TrustedKeys.RELEASE_KEY_RESOURCE),
                StandardCharsets.US_ASCII), TrustedKeys.RELEASE_KEY_RESOURCE));
    }

    private Path copyOfTheBundledPackage() throws Exception {
        Path pkg = Files.createDirectories(dir.resolve("models/credit-default/1.0.0"));
        for (String file : List.of("model-card.json", "model.onnx", "model.sig")) {
            Files.write(pkg.resolve(file), resource(BUNDLED + file));
        }
        return dir.resolve("models");
    }

    private Path unsignedPackage(String version) {
        ModelPackages.writeUnsigned(dir.resolve("models"), ModelPackages.card("credit-default", version,
                List.of(FeatureSpec.numeric("risk_signal", 0, 1))), TestOnnxModels.logistic("features", new float[] {1f}, 0f,
                "probability", Map.of()));
        return dir.resolve("models");
    }

    @Test
    void theBundledPackagesAreSignedByTheReleaseKeyShippedInTheJar() throws Exception {
        PackageSignature signature = PackageSignature.parse(new String(resource(BUNDLED + "model.sig"),
                StandardCharsets.US_ASCII), BUNDLED + "model.sig");
        assertEquals(releaseKeyId(), signature.keyId());
        try (ModelRegistry models = ServiceModels.load(null, "cpu")) {
            assertEquals(Map.of("credit-default@1.0.0", "signed by key " + releaseKeyId(),
                    "behaviour-default@1.0.0", "signed by key " + releaseKeyId()), ServiceModels.signatures(models));
            assertEquals(Map.of(), models.refusals());
        }
    }

    @Test
    void copiesOfTheBundledPackagesServeFromAFolderWithoutOptions() throws Exception {
        try (ModelRegistry models = ServiceModels.load(copyOfTheBundledPackage(), "cpu")) {
            assertEquals(List.of("credit-default"), models.names());
            assertEquals("signed by key " + releaseKeyId(), ServiceModels.signatures(models).get("credit-default@1.0.0"));
        }
    }

    @Test
    void aModelsFolderRoutesItsVersionsByModelsPropertiesAndARoutingNamingAMissingVersionRefusesTheFolder()
            throws Exception {
        Path models = copyOfTheBundledPackage();
        Files.writeString(models.resolve(io.credence.plugin.registry.ModelRouting.FILE), "credit-default.champion = 1.0.0\n");
        try (ModelRegistry routed = ServiceModels.load(models, "cpu")) {
            assertEquals("1.0.0", routed.routing().route("credit-default").orElseThrow().champion());
            assertEquals(io.credence.plugin.registry.ModelRole.CHAMPION, routed.assign("credit-default", "APP-1").role());
        }
        Files.writeString(models.resolve(io.credence.plugin.registry.ModelRouting.FILE),
                "credit-default.champion = 1.0.0\ncredit-default.shadow = 1.1.0\n");
        io.credence.plugin.registry.ModelPackageException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.credence.plugin.registry.ModelPackageException.class, () -> ServiceModels.load(models, "cpu"));
        assertTrue(e.getMessage().contains("credit-default@1.1.0 (loaded: [1.0.0])"), e.getMessage());
    }

    @Test
    void aPackageSignedByAnUntrustedKeyServesOnlyOnceItsKeyIsTrusted() {
        Path pkg = ServiceFixture.writeCreditDefault(dir.resolve("models"));
        try (ModelRegistry models = ServiceModels.load(dir.resolve("models"), "cpu")) {
            assertEquals(List.of(), models.names());
            String why = models.refusals().get(pkg.toString());
            assertTrue(why.startsWith("model credit-default 1.0.0 (" + pkg + ") refused: signed by unknown key id "
                    + TestSigning.keyId()), why);
        }
        try (ModelRegistry models = ServiceModels.load(dir.resolve("models"), "cpu", 1,
                new ModelTrust(TestSigning.trustedKeysDir(dir), false))) {
            assertEquals(List.of("credit-default"), models.names());
            assertEquals("signed by key " + TestSigning.keyId(), ServiceModels.signatures(models).get("credit-default@1.0.0"));
        }
    }

    @Test
    void unsignedPackagesServeOnlyWhenAllowedAndBadSignaturesNever() throws Exception {
        Path models = unsignedPackage("1.0.0");
        try (ModelRegistry refused = ServiceModels.load(models, "cpu")) {
            assertEquals(List.of(), refused.names());
            assertTrue(refused.refusals().values().iterator().next().contains("refused: unsigned (no model.sig)"),
                    refused.refusals().toString());
        }
        Path tampered = ServiceFixture.writeCreditDefault(dir.resolve("other"));
        Path version = Files.createDirectories(models.resolve("credit-default/2.0.0"));
        Files.write(version.resolve("model.onnx"), Files.readAllBytes(tampered.resolve("model.onnx")));
        Files.writeString(version.resolve("model-card.json"), Files.readString(tampered.resolve("model-card.json"))
                .replace("\"1.0.0\"", "\"2.0.0\""));
        Files.copy(tampered.resolve("model.sig"), version.resolve("model.sig"));
        try (ModelRegistry allowed = ServiceModels.load(models, "cpu", 1, new ModelTrust(TestSigning.trustedKeysDir(dir), true))) {
            assertEquals("1.0.0", allowed.active("credit-default").card().version());
            assertEquals(Map.of("credit-default@1.0.0", "UNSIGNED (allowed)"), ServiceModels.signatures(allowed));
            assertTrue(allowed.refusals().get(version.toString()).contains("refused: model-card.json changed after signing"),
                    allowed.refusals().toString());
        }
    }

    @Test
    void aFolderOfTrustedKeysThatCannotBeReadStopsTheLoadNamingIt() {
        Path missing = dir.resolve("no-such-keys");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServiceModels.load(null, "cpu", 1, new ModelTrust(missing, false)));
        assertTrue(e.getMessage().contains(missing + " is not a folder of *.pub public key files"), e.getMessage());
    }

    @Test
    void theSettingsReadTheTrustedKeysFolderAndTheUnsignedSwitch() {
        assertEquals(ModelTrust.DEFAULT, ServiceSettings.load(Map.of(), Map.of()).modelTrust());
        assertEquals(new ModelTrust(Path.of("/etc/credence/trusted-keys"), true), ServiceSettings.load(Map.of(
                "credence.models.trusted-keys", "/etc/credence/trusted-keys", "credence.models.allow-unsigned", "true"),
                Map.of()).modelTrust());
        assertEquals(new ModelTrust(Path.of("keys"), true), ServiceSettings.load(Map.of(),
                Map.of("CREDENCE_MODELS_TRUSTED_KEYS", "keys", "CREDENCE_MODELS_ALLOW_UNSIGNED", "true")).modelTrust());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServiceSettings.load(Map.of("credence.models.allow-unsigned", "yes"), Map.of()));
        assertEquals("credence.models.allow-unsigned must be true or false, was yes", e.getMessage());
    }

    @Test
    void aRunningServiceReportsRefusedAndAdmittedPackagesInItsHealth() throws Exception {
        unsignedPackage("1.0.0");
        int port = ServiceRuntimeTest.freePort();
        Map<String, String> s = new HashMap<>();
        s.put("credence.http.host", "127.0.0.1");
        s.put("credence.http.port", Integer.toString(port));
        s.put("credence.audit.db", "jdbc:h2:file:" + dir.resolve("audit"));
        s.put("credence.models.dir", dir.resolve("models").toString());
        s.put("credence.execution-provider", "cpu");
        HttpClient client = HttpClient.newHttpClient();
        try (ServiceRuntime service = ServiceRuntime.start(ServiceSettings.load(s), AuditLogFactory.JDBC)) {
            String health = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(health.contains("\"refusedModels\"") && health.contains("refused: unsigned (no model.sig)"), health);
        }
        s.put("credence.models.allow-unsigned", "true");
        s.put("credence.audit.db", "jdbc:h2:file:" + dir.resolve("audit2"));
        try (ServiceRuntime service = ServiceRuntime.start(ServiceSettings.load(s), AuditLogFactory.JDBC)) {
            String health = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(health.contains("\"modelSignatures\"") && health.contains("UNSIGNED (allowed)"), health);
            HttpResponse<String> decided = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/v1/decisions")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ServiceFixture.application("SIG-1", 0.1))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(decided.body().contains("\"decision\":\"APPROVE\""), decided.body());
        }
    }
}
