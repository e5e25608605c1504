package io.credence.training.cli;

import io.credence.plugin.sign.KeyFiles;
import io.credence.plugin.sign.TrustedKeys;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code keygen}: makes an Ed25519 key pair that signs model packages.
 *
 * <pre>{@code
 * credence-training keygen --out ~/keys/models.key     # models.key (owner-only) and models.key.pub
 * }</pre>
 */
@Command(name = "keygen", sortOptions = false,
        description = "Creates an Ed25519 package signing key: FILE (private, PKCS#8 PEM, owner-only) and FILE.pub"
                + " (public: copy it into the service's --trusted-keys folder). Existing files are not replaced.")
public final class KeygenCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where the private key goes.")
    Path out;

    @Override
    public Integer call() {
        KeyPair pair = KeyFiles.generate();
        KeyFiles.write(pair, out);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("private key: " + out + " (keep it secret; owner-only where the file system allows)");
        stdout.println("public key: " + KeyFiles.publicKeyFile(out));
        stdout.println("key id: " + TrustedKeys.keyId(pair.getPublic()));
        stdout.flush();
        return 0;
    }
}
