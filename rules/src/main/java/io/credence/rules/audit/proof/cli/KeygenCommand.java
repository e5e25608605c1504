package io.credence.rules.audit.proof.cli;

import io.credence.rules.audit.proof.SigningKeys;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keygen}: makes the Ed25519 key that signs audit checkpoints.
 *
 * <pre>{@code
 * java -cp ... io.credence.rules.audit.proof.cli.KeygenCommand --out /etc/credence/checkpoint.key
 * # writes checkpoint.key (private, owner-only) and checkpoint.key.pub (give this one to reviewers)
 * }</pre>
 *
 * <p>Exit codes: {@value #CREATED} the key files were written, {@value #UNUSABLE} wrong arguments,
 * a file that already exists or cannot be written.
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Creates the Ed25519 checkpoint signing key: FILE (private, PKCS#8 PEM) and FILE.pub (public).")
public final class KeygenCommand implements Callable<Integer> {

    public static final int CREATED = 0;
    public static final int UNUSABLE = 2;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "where the private key goes; the public key goes to FILE.pub. Existing files are not replaced.")
    Path out;

    @Spec
    CommandSpec spec;

    /** Runs the command on its own. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new KeygenCommand()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        KeyPair pair = SigningKeys.generate();
        try {
            SigningKeys.write(pair, out);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("cannot create the signing key: " + e.getMessage());
            err.flush();
            return UNUSABLE;
        }
        stdout.println("private key: " + out + " (keep it secret; owner-only where the file system allows)");
        stdout.println("public key: " + SigningKeys.publicKeyFile(out));
        stdout.println("key id: " + SigningKeys.keyId(pair.getPublic()));
        stdout.flush();
        return CREATED;
    }
}
