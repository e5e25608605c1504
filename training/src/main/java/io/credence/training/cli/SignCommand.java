package io.credence.training.cli;

import io.credence.plugin.sign.KeyFiles;
import io.credence.plugin.sign.PackageSignature;
import io.credence.plugin.sign.PackageSigner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sign}: (re-)signs existing model packages with an Ed25519 key, writing {@code DIR/model.sig}.
 *
 * <pre>{@code
 * credence-training sign --key /work/keys/credence-release.key rules/src/main/resources/models/credit-default/1.0.0
 * # signed credit-default 1.0.0 with key 9d1e… -> .../model.sig
 * }</pre>
 *
 * <p>The private key is read from {@code FILE} (PKCS#8 PEM) and its public half from
 * {@code FILE.pub}; neither is ever printed.
 */
@Command(name = "sign", sortOptions = false,
        description = {"Signs model packages: writes DIR/model.sig, an Ed25519 signature over the SHA-256 of"
                + " DIR/model-card.json and DIR/model.onnx (replacing an older signature).",
            "The service serves only packages signed by a key it trusts (serve --trusted-keys DIR); see docs/models.md."})
public final class SignCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--key", required = true, paramLabel = "FILE",
            description = "Ed25519 private key (PKCS#8 PEM, owner-only); its public key is read from FILE.pub.")
    Path key;

    @Parameters(arity = "1..*", paramLabel = "PACKAGE_DIR", description = "Package directories (model-card.json + model.onnx).")
    List<Path> packages;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        KeyPair pair = KeyFiles.read(key);
        for (Path dir : packages) {
            PackageSignature signature = PackageSigner.sign(dir, pair);
            out.println(signed(signature, dir));
        }
        out.flush();
        return 0;
    }

    static String signed(PackageSignature signature, Path dir) {
        return "signed " + signature.name() + " " + signature.version() + " with key " + signature.keyId() + " -> "
                + dir.resolve(PackageSignature.FILE);
    }
}
