package io.credence.rules.audit.cli;

import io.credence.rules.audit.AuditRecord;
import io.credence.rules.audit.AuditStoreMissingException;
import io.credence.rules.audit.AuditStoreReader;
import io.credence.rules.audit.AuditStoreSettings;
import io.credence.rules.audit.AuditUnavailableException;
import io.credence.rules.audit.ChainVerification;
import io.credence.rules.audit.Erasure;
import io.credence.rules.audit.ErasureRequest;
import io.credence.rules.audit.JdbcAuditLog;
import java.io.PrintWriter;
import io.credence.rules.audit.proof.Checkpoint;
import io.credence.rules.audit.proof.CheckpointFile;
import io.credence.rules.audit.proof.CheckpointFileException;
import io.credence.rules.audit.proof.SigningKeys;
import io.credence.rules.audit.proof.TreeAudit;
import io.credence.rules.audit.proof.cli.KeygenCommand;
import io.credence.rules.audit.proof.cli.VerifyReceiptCommand;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import io.credence.rules.security.SecretFile;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code audit} with the subcommands {@code verify}, {@code erase} (alias {@code erase-input}), {@code keygen} and
 * {@code verify-receipt}.
 *
 * <pre>{@code
 * java -cp ... io.credence.rules.audit.cli.AuditCommand verify --db jdbc:postgresql://db:5432/credence --user u --password p
 * // or, inside the service's main command:
 * new CommandLine(new CredenceService()).addSubcommand(new AuditCommand());
 * }</pre>
 *
 * <p>Exit codes: {@value #INTACT} the chain is intact (or the erasure was done),
 * {@value #BROKEN} the chain is broken (the first bad record is printed), {@value #UNAVAILABLE}
 * the store cannot be reached, does not exist ({@code verify} creates nothing) or the arguments
 * are wrong. {@code verify} only reads: it migrates nothing and needs only SELECT on
 * {@link AuditStoreReader#AUDITOR_TABLES}.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Checks and maintains the decision audit log.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:intact (verify), done (erase)", "1:the chain is broken (verify), no such record (erase)",
                "2:the store cannot be reached or does not exist, or the arguments are wrong"},
        subcommands = {AuditCommand.Verify.class, AuditCommand.Erase.class, KeygenCommand.class,
                VerifyReceiptCommand.class})
public final class AuditCommand implements Callable<Integer> {

    public static final int INTACT = 0;
    public static final int BROKEN = 1;
    public static final int UNAVAILABLE = 2;

    @Spec
    CommandSpec spec;

    /** Runs the command on its own: {@code audit verify|erase ...}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new AuditCommand()).execute(args));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return UNAVAILABLE;
    }

    /** Where the audit log is: {@code --db}, {@code --user}, {@code --password-file}; for every command that reads it. */
    public static final class Store {
        @Option(names = "--db", paramLabel = "URL",
                defaultValue = "${env:CREDENCE_AUDIT_DB:-" + JdbcAuditLog.DEFAULT_URL + "}",
                description = "JDBC URL of the audit store (env CREDENCE_AUDIT_DB), default: ${DEFAULT-VALUE}")
        String url;

        @Option(names = "--user", paramLabel = "USER", defaultValue = "${env:CREDENCE_AUDIT_USER:-sa}",
                description = "database user (env CREDENCE_AUDIT_USER), default: ${DEFAULT-VALUE}")
        String user;

        @Option(names = "--password-file", paramLabel = "FILE",
                description = "file holding the database password, trailing newline stripped; or set CREDENCE_AUDIT_PASSWORD")
        Path passwordFile;

        @Option(names = "--password", paramLabel = "PASSWORD",
                description = "DEPRECATED: visible in the process list to every user of the machine;"
                        + " use --password-file FILE or CREDENCE_AUDIT_PASSWORD")
        String password;

        @Spec(Spec.Target.MIXEE)
        CommandSpec command;

        JdbcAuditLog open() {
            return JdbcAuditLog.open(url, user, password());
        }

        /** The existing store, for reading only: nothing is migrated or created. */
        public AuditStoreReader openForReading() {
            return AuditStoreReader.open(AuditStoreSettings.of(url, user, password()));
        }

        /** --password (warned about), else --password-file, else CREDENCE_AUDIT_PASSWORD, else none. */
        String password() {
            if (password != null) {
                command.commandLine().getErr().println("warning: --password is visible in the process list;"
                        + " use --password-file FILE or the environment variable CREDENCE_AUDIT_PASSWORD");
                return password;
            }
            if (passwordFile != null) {
                return SecretFile.read(passwordFile, "--password-file " + passwordFile, "the audit store's password");
            }
            String env = System.getenv("CREDENCE_AUDIT_PASSWORD");
            return env == null ? "" : env;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Walks the hash chain, reading only: it migrates and creates nothing, so a role with"
                    + " SELECT on audit_chain_head, audit_record, audit_input, audit_tree and audit_personal is enough.",
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:the chain is intact (and every checkpoint given matches the records)",
                    "1:the chain is broken (the first bad record is printed), the records do not match a signed"
                            + " checkpoint (deleted tail, rewritten record, wiped store, fork), or a checkpoint is not"
                            + " signed by the key",
                    "2:the store cannot be reached, does not exist (nothing is created), or the arguments are wrong"})
    static final class Verify implements Callable<Integer> {

        @Mixin
        Store store;

        @Option(names = "--checkpoints", paramLabel = "DIR",
                description = "the witness folder the service exported its signed checkpoints to (checkpoints.log);"
                        + " with --public-key")
        Path checkpoints;

        @Option(names = "--public-key", paramLabel = "FILE.pub",
                description = "the public key the checkpoints are signed with (audit keygen wrote it)")
        Path publicKey;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if ((checkpoints == null) != (publicKey == null)) {
                err.println("--checkpoints and --public-key go together: the checkpoints are trusted only with the key");
                err.flush();
                return UNAVAILABLE;
            }
            List<Checkpoint> witness;
            try {
                witness = checkpoints == null ? List.of()
                        : new CheckpointFile(checkpoints).readVerified(SigningKeys.readPublicKey(publicKey));
            } catch (CheckpointFileException e) {
                out.println("checkpoints NOT trusted: " + e.getMessage());
                out.flush();
                return BROKEN;
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                err.println(e.getMessage());
                err.flush();
                return UNAVAILABLE;
            }
            try (AuditStoreReader log = store.openForReading()) {
                ChainVerification check = log.verify();
                if (check.intact()) {
                    TreeAudit.Result tree = log.treeAudit(witness);
                    if (!tree.intact()) {
                        out.println("audit log BROKEN: the chain of " + check.recordsChecked() + " records is intact, but "
                                + tree.problem());
                        out.flush();
                        return BROKEN;
                    }
                    out.println("audit chain intact: " + check.recordsChecked() + " records verified");
                    out.println(checkpoints == null ? "no checkpoints checked (give --checkpoints DIR --public-key FILE"
                            + " to check the records against the signed checkpoints kept outside the store)"
                            : "checkpoints intact: " + tree.checkpoints() + " signed checkpoints match the records"
                            + (tree.checkpoints() == 0 ? "" : " (the latest covers " + tree.latestSigned() + " of "
                            + tree.records() + ")"));
                    out.flush();
                    return INTACT;
                }
                out.println("audit chain BROKEN after " + check.recordsChecked() + " good records");
                out.println("first bad record: " + check.firstBadSequence());
                out.println("problem: " + check.problem());
                out.println("detail: " + check.detail());
                describe(log, check.firstBadSequence(), out);
                out.flush();
                return BROKEN;
            } catch (AuditStoreMissingException e) {
                err.println(e.getMessage());
                err.flush();
                return UNAVAILABLE;
            } catch (AuditUnavailableException e) {
                err.println("audit store unavailable: " + e.getMessage());
                err.flush();
                return UNAVAILABLE;
            }
        }

        private static void describe(AuditStoreReader log, long sequence, PrintWriter out) {
            Optional<AuditRecord> stored;
            try {
                stored = log.findBySequence(sequence);
            } catch (IllegalArgumentException e) {
                out.println("stored record " + sequence + " cannot be read: " + e.getMessage());
                return;
            }
            if (stored.isEmpty()) {
                out.println("no record is stored at " + sequence);
                return;
            }
            AuditRecord r = stored.get();
            out.println("stored decision id: " + r.entry().decisionId());
            out.println("stored application id: " + r.entry().applicationId());
            out.println("stored decided at: " + r.entry().decidedAt());
            out.println("stored record hash: " + r.recordHash());
            out.println("stored previous hash: " + r.previousHash());
        }
    }

    @Command(name = "erase", aliases = "erase-input", mixinStandardHelpOptions = true,
            description = "Erases the personal data of an application's records, or of one record (GDPR), and"
                    + " appends an erasure record saying who, when, what and why; the chain keeps verifying."
                    + " Nothing left to erase: nothing is appended.",
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:erased, or nothing was left to erase", "1:no record of that application or decision",
                    "2:the store cannot be opened, or the arguments are wrong"})
    static final class Erase implements Callable<Integer> {

        @Mixin
        Store store;

        @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        static final class Target {
            @Option(names = "--application-id", required = true, paramLabel = "ID",
                    description = "erase every record of this application")
            String applicationId;

            @Option(names = "--decision-id", required = true, paramLabel = "ID",
                    description = "erase one record (e.g. a rejected input without a usable application id)")
            String decisionId;
        }

        @Option(names = "--legal-basis", required = true, paramLabel = "TEXT",
                description = "why, kept in the erasure record (e.g. \"GDPR Art. 17(1)(a), request 2026-113\");"
                        + " no personal data")
        String legalBasis;

        @Option(names = "--by", paramLabel = "NAME", defaultValue = "${sys:user.name}",
                description = "who erases, kept in the erasure record as cli:NAME; default: the OS user (${DEFAULT-VALUE})")
        String by;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ErasureRequest request;
            try {
                request = new ErasureRequest(target.applicationId, target.decisionId, legalBasis, "cli:" + by, "cli");
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                err.flush();
                return UNAVAILABLE;
            }
            try (JdbcAuditLog log = store.open()) {
                Erasure done = log.erase(request);
                if (done.matched() == 0) {
                    err.println("no audit record of " + request.target() + "; nothing was erased");
                    err.flush();
                    return BROKEN;
                }
                if (done.record() == null) {
                    out.println("nothing left to erase: the " + done.alreadyErased() + " record(s) of " + request.target()
                            + " hold no personal data any more; no erasure record appended");
                } else {
                    out.println("erased the personal data of " + done.erased().size() + " record(s) of " + request.target()
                            + (done.alreadyErased() == 0 ? "" : " (" + done.alreadyErased() + " erased before)"));
                    out.println("erasure record: " + done.record().entry().decisionId() + " (sequence "
                            + done.record().sequence() + ")");
                }
                out.flush();
                return INTACT;
            } catch (AuditUnavailableException e) {
                err.println("audit store unavailable: " + e.getMessage());
                err.flush();
                return UNAVAILABLE;
            }
        }
    }
}
