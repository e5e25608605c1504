package io.credence.rules.camel;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.audit.AuditLog;
import io.credence.rules.audit.AuditStoreSettings;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.decision.RuleBase;
import io.credence.rules.service.AuditLogFactory;
import io.credence.rules.service.DecisionService;
import io.credence.rules.service.ModelTrust;
import io.credence.rules.service.ServiceModels;
import io.credence.rules.service.input.ApplicationReader;
import io.credence.rules.service.input.ApplicationSchema;
import io.credence.rules.service.reload.DecisionState;
import java.nio.file.Path;
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
     * @param rulesDir          a policy folder as {@code credence rules export} writes it; null: the policy KJAR
     * @param auditStore        the audit store decisions are recorded in
     * @param modelTrust        which model packages load (signed by a trusted key, or unsigned where allowed)
     */
    record Settings(Path modelsDir, String executionProvider, int microBatch, Path rulesDir, AuditStoreSettings auditStore,
                    ModelTrust modelTrust) {
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
            // The rule base's own binding: its scoring rule scores with these models, no other rule base sees them.
            CreditDecisionEngine engine = engine(settings.rulesDir()).withModels(models);
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
            ModelRegistry scoring = givenService.engine().models().registry();
            if (scoring == null) {
                throw new IllegalStateException("the credence component was given a DecisionService but no ModelRegistry,"
                        + " and its rules score with no registry: bind one with CredenceComponent.bind(camel, service,"
                        + " models) or set modelRegistry");
            }
            return scoring;
        }
        if (ownModels == null) {
            ownModels = ServiceModels.load(settings.modelsDir(), settings.executionProvider(), settings.microBatch(),
                    settings.modelTrust());
        }
        return ownModels;
    }

    /**
     * Runs {@code call} on the models {@code score} and {@code explain} use, held for the whole
     * call: next to a given decision service, on a lease of its current state, so that a models
     * reload meanwhile lets the call finish on the registry it started with (the old one is
     * released after its last lease) instead of a closed one.
     */
    <T> T withModels(java.util.function.Function<ModelRegistry, T> call) {
        if (givenModels == null && givenService != null) {
            try (DecisionState.Lease lease = givenService.states().acquire()) {
                ModelRegistry scoring = lease.state().models();
                if (scoring == null) {
                    return call.apply(models());   // the explanatory failure
                }
                return call.apply(scoring);
            }
        }
        return call.apply(models());
    }

    /** The built-in policy, or the policy folder {@code rulesDir} as {@code serve --rules} reads it. */
    static CreditDecisionEngine engine(Path rulesDir) {
        return CreditDecisionEngine.of(rulesDir == null ? RuleBase.builtIn() : RuleBase.folder(rulesDir));
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
