package io.credence.rules.audit.proof.cli;

import io.credence.rules.audit.proof.Checkpoint;
import io.credence.rules.audit.proof.InclusionProofDocument;
import io.credence.rules.audit.proof.SigningKeys;
import io.credence.rules.audit.proof.Verification;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code verify-receipt}: checks an inclusion proof document without the database.
 *
 * <pre>{@code
 * java -cp ... io.credence.rules.audit.proof.cli.VerifyReceiptCommand --proof dec-42.proof.json --public-key checkpoint.key.pub
 * }</pre>
 *
 * <p>Exit codes: {@value #VERIFIED} the decision is in the log, {@value #NOT_VERIFIED} the proof
 * does not hold (the reason is printed), {@value #UNUSABLE} wrong arguments or a file that cannot
 * be read or is not what it should be.
 */
@Command(name = "verify-receipt", mixinStandardHelpOptions = true,
        description = "Checks offline that a decision is in the audit log: the checkpoint signature and the audit path.")
public final class VerifyReceiptCommand implements Callable<Integer> {

    public static final int VERIFIED = 0;
    public static final int NOT_VERIFIED = 1;
    public static final int UNUSABLE = 2;

    @Option(names = "--proof", required = true, paramLabel = "FILE",
            description = "the inclusion proof document (JSON) the service issued")
    Path proof;

    @Option(names = "--public-key", required = true, paramLabel = "FILE",
            description = "the log's checkpoint public key (X.509 PEM, the .pub file keygen wrote)")
    Path publicKey;

    @Spec
    CommandSpec spec;

    /** Runs the command on its own. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new VerifyReceiptCommand()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PublicKey key;
        InclusionProofDocument document;
        try {
            key = SigningKeys.readPublicKey(publicKey);
            document = InclusionProofDocument.read(proof);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("cannot verify: " + e.getMessage());
            err.flush();
            return UNUSABLE;
        }
        Verification result = document.verify(key);
        if (!result.valid()) {
            out.println("receipt NOT verified for decision " + document.decisionId());
            out.println("problem: " + result.problem());
            out.flush();
            return NOT_VERIFIED;
        }
        Checkpoint cp = document.parsedCheckpoint();
        out.println("receipt verified: decision " + document.decisionId() + " is leaf " + document.leafIndex()
                + " of the audit tree of " + cp.treeSize() + " leaves");
        out.println("record hash: " + document.recordHash());
        out.println("root: " + cp.root() + ", signed at " + cp.time() + " by key " + cp.keyId());
        out.flush();
        return VERIFIED;
    }
}
