package io.credence.rules.camel;

import io.credence.plugin.drl.ModelFunctions;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.audit.AuditLog;
import io.credence.rules.audit.AuditStoreSettings;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.service.AuditLogFactory;
import io.credence.rules.service.DecisionService;
import io.credence.rules.service.ServiceModels;
import io.credence.rules.service.input.ApplicationReader;
import io.credence.rules.service.input.ApplicationSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the {@code credence} component decides and scores with: given to it, or opened from its
 * settings on first use (models for {@code score}/{@code explain}; models, rule base and audit store
 * for {@code decide}). {@link #close()} closes only what it opened. Thread-safe.
 *
 * <pre>{@code
 * try (CredenceResources r = CredenceResources.of(settings, null, null)) {
 *     ServiceOutcome outcome = r.service().decide(Channel.CAMEL, json);
 * }
 * }</pre>
 */
final class CredenceResources implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CredenceResources.class);

    /**
     * How to open what was not given.
     *
     * @param modelsDir         a folder of {@code <name>/<version>/} model packages; null: the classpath index
     * @param executionProvider auto, cpu or cuda[:id]
     * @param microBatch        most rows concurrent scoring calls combine into (1 = off)
     * @param rulesDir          a folder of DRL files (and {@code reason-codes.csv}); null: the policy KJAR
     * @param auditStore        the audit store decisions are recorded in
     */
    record Settings(Path modelsDir, String executionProvider, int microBatch, Path rulesDir, AuditStoreSettings auditStore) {
    }

    private final Settings settings;
    private final DecisionService givenService;
    private final ModelRegistry givenModels;
    private final ApplicationReader reader;
    private ModelRegistry ownModels;
    private AuditLog ownAudit;
    private DecisionService ownService;
    private boolean closed;

    private CredenceResources(Settings settings, DecisionService givenService, ModelRegistry givenModels) {
        this.settings = settings;
        this.givenService = givenService;
        this.givenModels = givenModels;
        this.reader = givenService != null ? givenService.reader() : new ApplicationReader(ApplicationSchema.load());
    }

    /** Opens nothing yet; {@code service} and {@code models} may be null (then they are opened from the settings). */
    static CredenceResources of(Settings settings, DecisionService service, ModelRegistry models) {
        return new CredenceResources(settings, service, models);
    }

    ApplicationReader reader() {
        return reader;
    }

    /** The decision service: the one given, or one opened on models, rule base and audit store from the settings. */
    synchronized DecisionService service() {
        requireOpen();
        if (givenService != null) {
            return givenService;
        }
        if (ownService == null) {
            ModelRegistry models = models();
            // The policy's scoring rule scores with the registry of ModelFunctions (one per process).
            ModelFunctions.use(models);
            CreditDecisionEngine engine = engine(settings.rulesDir());
            ownAudit = AuditLogFactory.JDBC.open(settings.auditStore());
            ownService = new DecisionService(engine, reader, ownAudit);
            LOG.info("credence component: deciding with rule base {}, audit store {}", engine.ruleBase().coordinates(),
                    settings.auditStore().safeUrl());
        }
        return ownService;
    }

    /**
     * The models {@code score} and {@code explain} use: the registry given; else, next to a given
     * decision service, the one its rules score with; else one loaded from the settings.
     */
    synchronized ModelRegistry models() {
        requireOpen();
        if (givenModels != null) {
            return givenModels;
        }
        if (givenService != null) {
            ModelRegistry scoring = ModelFunctions.registry();
            if (scoring == null) {
                throw new IllegalStateException("the credence component was given a DecisionService but no ModelRegistry,"
                        + " and no registry is in use by the rules: bind one with CredenceComponent.bind(camel, service,"
                        + " models) or set modelRegistry");
            }
            return scoring;
        }
        if (ownModels == null) {
            ownModels = ServiceModels.load(settings.modelsDir(), settings.executionProvider(), settings.microBatch());
        }
        return ownModels;
    }

    static CreditDecisionEngine engine(Path rulesDir) {
        if (rulesDir == null) {
            return CreditDecisionEngine.fromClasspath();
        }
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(rulesDir)) {
            for (Path file : list.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".drl") || name.equals(CreditDecisionEngine.REASON_CODES)) {
                    files.put(name, Files.readString(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rulesDir " + rulesDir.toAbsolutePath() + ": cannot read the policy files", e);
        }
        if (files.keySet().stream().noneMatch(n -> n.endsWith(".drl"))) {
            throw new IllegalArgumentException("rulesDir " + rulesDir.toAbsolutePath() + ": expected a folder of .drl"
                    + " files (and " + CreditDecisionEngine.REASON_CODES + "), found none");
        }
        return CreditDecisionEngine.fromDrl(files);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the credence component is stopped");
        }
    }

    /** Closes the audit store and models this opened; what was given stays open. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ownAudit != null) {
            ownAudit.close();
        }
        if (ownModels != null) {
            if (ModelFunctions.registry() == ownModels) {
                ModelFunctions.use(null);
            }
            ownModels.close();
        }
    }

    /** True when this opened its own audit store (for tests and status). */
    synchronized boolean ownsAuditStore() {
        return ownAudit != null;
    }

    synchronized ModelRegistry ownModels() {
        return ownModels;
    }
}
