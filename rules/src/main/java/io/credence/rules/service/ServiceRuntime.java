package io.credence.rules.service;

import io.credence.plugin.card.ModelCard;
import io.credence.plugin.drl.ModelFunctions;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.audit.AuditHealth;
import io.credence.rules.audit.AuditLog;
import io.credence.rules.audit.JdbcAuditLog;
import io.credence.rules.audit.proof.CheckpointFile;
import io.credence.rules.audit.proof.CheckpointSigner;
import io.credence.rules.audit.proof.Checkpointer;
import io.credence.rules.audit.proof.JdbcCheckpoints;
import io.credence.rules.audit.proof.ProofService;
import io.credence.rules.audit.proof.ProofSettings;
import io.credence.rules.audit.proof.SigningKeys;
import io.vertx.core.VertxOptions;
import io.credence.rules.audit.web.AuditPageAccess;
import io.credence.rules.audit.web.AuditPageRoutes;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.service.input.ApplicationReader;
import io.credence.rules.service.input.ApplicationSchema;
import io.credence.rules.service.routes.BatchFile;
import io.credence.rules.service.routes.DecisionHttp;
import io.credence.rules.service.routes.FileBatchRoutes;
import io.credence.rules.service.routes.HttpErrorPages;
import io.credence.rules.service.routes.KafkaMessages;
import io.credence.rules.service.routes.KafkaRoutes;
import io.credence.rules.service.routes.KafkaSettings;
import io.credence.rules.service.routes.NoticeHttp;
import io.credence.rules.service.routes.ErasureHttp;
import io.credence.rules.service.routes.RestRoutes;
import io.credence.rules.security.AccessLog;
import io.credence.rules.security.Authenticator;
import io.credence.rules.security.LoggingAccessLog;
import io.credence.rules.security.Principal;
import io.credence.rules.security.Role;
import io.credence.rules.security.access.JdbcAccessLog;
import io.credence.rules.security.http.AccessControl;
import io.credence.rules.security.http.HttpAccessControl;
import io.credence.rules.security.http.SignInRedirect;
import io.credence.rules.security.session.BrowserSignIn;
import io.credence.rules.security.session.SessionAuthenticator;
import io.credence.rules.service.tls.ServerKey;
import io.credence.rules.service.tls.ServerTls;
import io.credence.rules.service.tls.StrictTransportSecurity;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.impl.DefaultCamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: models, rule base, audit log, and a CamelContext with the channels the
 * settings switch on (REST and the audit page always; file batch and Kafka when enabled).
 *
 * <pre>{@code
 * try (ServiceRuntime service = ServiceRuntime.start(ServiceSettings.load(Map.of()), AuditLogFactory.JDBC)) {
 *     service.awaitShutdown();
 * }
 * }</pre>
 */
public final class ServiceRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceRuntime.class);

    private final ModelRegistry models;
    private final AuditLog audit;
    private final CamelContext camel;
    private final DecisionService service;
    private final AccessLog accessLog;
    private final BrowserSignIn signIn;
    /** Signs the audit tree's head; null when no signing key is configured. */
    private final Checkpointer checkpoints;

    /** Who the compliance pages take every request to be when access control is off: masked pages only. */
    static final Principal WITHOUT_ACCESS_CONTROL = new Principal("anonymous", Set.of(Role.REVIEW), "loopback");

    private ServiceRuntime(ModelRegistry models, AuditLog audit, CamelContext camel, DecisionService service,
                           AccessLog accessLog, BrowserSignIn signIn, Checkpointer checkpoints) {
        this.models = models;
        this.audit = audit;
        this.camel = camel;
        this.service = service;
        this.accessLog = accessLog;
        this.signIn = signIn;
        this.checkpoints = checkpoints;
    }

    /**
     * Starts the service.
     *
     * @throws ExposureRefusedException before anything is opened, when the settings would expose the
     *                                  service on a network without authentication ({@link NetworkExposure})
     */
    public static ServiceRuntime start(ServiceSettings settings, AuditLogFactory audits) throws Exception {
        return start(settings, audits, List.of(), null);
    }

    /**
     * Starts the service with access control as {@link ServiceSettings#security()} configures it (API
     * keys, bearer tokens), plus {@code moreAuthenticators} asked after them, plus the browser session
     * of {@link ServiceSettings#signIn()} when a users file is configured. With none of them, access
     * control is off.
     *
     * @param accessLog where views of decisions (API and pages), reveals and sign-ins are recorded;
     *                  null = the audit store's own ({@code audit_access} in a JDBC store, durable; the
     *                  log and memory otherwise)
     */
    public static ServiceRuntime start(ServiceSettings settings, AuditLogFactory audits,
                                       List<Authenticator> moreAuthenticators, AccessLog accessLog) throws Exception {
        NetworkExposure exposure = NetworkExposure.of(settings);
        if (exposure.refusal().isPresent()) {
            throw new ExposureRefusedException(exposure.refusal().get());
        }
        exposure.notices().forEach(LOG::info);
        exposure.warnings().forEach(LOG::warn);
        // The key is read before anything else is opened: a wrong file fails fast, naming it.
        ServerKey serverKey = settings.tls().enabled() ? ServerKey.load(settings.tls()) : null;
        if (serverKey != null && !serverKey.validNow()) {
            LOG.warn("the TLS certificate is not valid now ({}): clients will refuse it", serverKey);
        }
        // Also first, so that a wrong key file or JWK set stops the start before anything is loaded.
        AccessControl machines = AccessControl.from(settings.security(), moreAuthenticators);
        CheckpointSigner signer = settings.proofs().enabled()
                ? new CheckpointSigner(SigningKeys.read(settings.proofs().signingKey())) : null;
        ModelRegistry models = ServiceModels.load(settings.modelsDir(), settings.executionProvider(), settings.microBatch());
        AuditLog audit = null;
        Checkpointer checkpoints = null;
        boolean started = false;
        try {
            audit = audits.open(settings.auditStore());
            CreditDecisionEngine engine = CreditDecisionEngine.fromClasspath();
            DecisionService service = new DecisionService(engine, new ApplicationReader(ApplicationSchema.load()), audit);
            AccessLog access = accessLog != null ? accessLog : accessLog(audit);
            checkpoints = checkpointer(settings.proofs(), signer, audit);
            BrowserSignIn signIn = settings.signIn().enabled()
                    ? BrowserSignIn.open(settings.signIn(), access, Clock.systemUTC()) : null;
            // One access control for every route: a signed-in browser is a principal like a key or a token.
            AccessControl control = signIn != null ? machines.with(signIn.authenticator()) : machines;
            ProofService proofs = checkpoints != null ? new ProofService(((JdbcAuditLog) audit).tree(), checkpoints) : null;
            CamelContext camel = context(settings, serverKey, service, models, engine, audit, control, access, signIn, proofs);
            camel.start();
            HttpErrorPages.install(camel, settings.httpPort());
            if (serverKey != null) {
                StrictTransportSecurity.install(camel, settings.httpPort());
            }
            LOG.info("Credence decision service listening on {}://{}:{}{} (rule base {})", serverKey != null ? "https" : "http",
                    settings.httpHost(), settings.httpPort(), RestRoutes.DECISIONS_PATH, engine.ruleBase().coordinates());
            if (signIn != null) {
                LOG.info("compliance page sign-in at {}, users from {}, sessions idle out after {}",
                        AuditPageRoutes.SIGN_IN_PATH, settings.signIn().usersFile().toAbsolutePath(),
                        settings.signIn().idleTimeout());
            }
            started = true;
            return new ServiceRuntime(models, audit, camel, service, access, signIn, checkpoints);
        } finally {
            if (!started) {
                // Start-up failed: release what was opened; the cause propagates unchanged.
                if (checkpoints != null) {
                    checkpoints.close();
                }
                if (audit != null) {
                    audit.close();
                }
                ModelFunctions.use(null);
                models.close();
            }
        }
    }

    /** The CamelContext with every enabled channel, not yet started; HTTPS when {@code serverKey} is not null. */
    static CamelContext context(ServiceSettings settings, ServerKey serverKey, DecisionService service, ModelRegistry models,
                                CreditDecisionEngine engine, AuditLog audit, AccessControl access,
                                AccessLog accessLog, BrowserSignIn signIn, ProofService proofs) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        // The HTTP server's Vert.x instance is made from the VertxOptions bean in the registry.
        camel.getRegistry().bind("credence-vertx-options", new VertxOptions().setWorkerPoolSize(settings.httpWorkers()));
        MainHttpServer server = new MainHttpServer();
        server.setCamelContext(camel);
        server.setHost(settings.httpHost());
        server.setPort(settings.httpPort());
        // Up to this cap the service reads the body and answers 413 itself (audited); beyond it the
        // server refuses the body unread (HttpErrorPages gives that 413 a JSON body too).
        server.setMaxBodySize(Math.max(settings.maxBodyBytes() * 4, 1024 * 1024));
        if (serverKey != null) {
            server.setSslContextParameters(ServerTls.parameters(serverKey));
            LOG.info("TLS {} with {}", ServerTls.PROTOCOLS, serverKey);
        }
        camel.addService(server);
        boolean secureCookies = serverKey != null;
        if (access.enabled()) {
            // A service started after the server and before any route: no request reaches a route unchecked.
            SignInRedirect toSignIn = signIn != null
                    ? new SignInRedirect(AuditPageRoutes.PATH, AuditPageRoutes.SIGN_IN_PATH, secureCookies) : null;
            camel.addService(new HttpAccessControl(settings.httpPort(), access, toSignIn));
        } else {
            LOG.info("access control is off: no API keys, bearer tokens or users are configured (docs/security.md)");
        }
        camel.addRoutes(new RestRoutes(new DecisionHttp(service, settings.maxBodyBytes(),
                () -> readiness(models, engine, audit), access.enabled() ? accessLog : null, proofs), new ErasureHttp(audit),
                new NoticeHttp(audit, settings.notice(), access.enabled() ? accessLog : null, Clock.systemUTC())));
        if (settings.notice().example()) {
            LOG.warn("the adverse action notice names the placeholder creditor '{}': set credence.notice.creditor-name"
                    + " and credence.notice.creditor-address (docs/notice.md)", settings.notice().creditorName());
        }
        AuditPageAccess pages = access.enabled() ? AuditPageAccess.checked(signIn, secureCookies)
                : AuditPageAccess.open(WITHOUT_ACCESS_CONTROL);
        camel.addRoutes(new AuditPageRoutes(audit, accessLog, pages, Clock.systemUTC()));
        if (settings.fileEnabled()) {
            camel.addRoutes(new FileBatchRoutes(new BatchFile(service, settings.fileBatch()),
                    settings.fileInput(), settings.fileOutput(), settings.fileRetryDelay()));
            LOG.info("file batch channel: {} -> {}", settings.fileInput().toAbsolutePath(),
                    settings.fileOutput().toAbsolutePath());
        }
        if (settings.kafkaEnabled()) {
            KafkaSettings kafka = settings.kafka();
            camel.addRoutes(new KafkaRoutes(new KafkaMessages(service, kafka.decisionsTopic(), kafka.errorsTopic(),
                    kafka.maxMessageBytes()), kafka));
            LOG.info("kafka channel: {} -> {} / {} at {}", settings.applicationsTopic(), settings.decisionsTopic(),
                    settings.errorsTopic(), settings.kafkaBrokers());
        }
        return camel;
    }

    /** Signs checkpoints of a database audit log's tree when a signing key is configured; null otherwise. */
    static Checkpointer checkpointer(ProofSettings proofs, CheckpointSigner signer, AuditLog audit) {
        if (signer == null) {
            LOG.info("no audit signing key (credence.audit.signing-key): the Merkle tree is kept, but no checkpoint is"
                    + " signed and no inclusion proof can be given (docs/audit.md)");
            return null;
        }
        if (!(audit instanceof JdbcAuditLog jdbc)) {
            throw new IllegalArgumentException("credence.audit.signing-key needs a database audit store; " + audit
                    + " keeps no Merkle tree");
        }
        Checkpointer started = Checkpointer.start(jdbc.tree(), new JdbcCheckpoints(jdbc.pool()), signer,
                proofs.checkpoints() == null ? null : new CheckpointFile(proofs.checkpoints()), proofs.every(),
                proofs.interval(), Clock.systemUTC());
        LOG.info("signing audit checkpoints with key {} every {} records or {}{}", signer.keyId(), proofs.every(),
                proofs.interval(), proofs.checkpoints() == null ? " (no witness folder: the store only)"
                        : ", exported to " + proofs.checkpoints().toAbsolutePath());
        return started;
    }

    /**
     * The access log in the audit store ({@code audit_access}, schema version 3), or, for an audit log
     * that is not a database, the service log plus memory.
     */
    static AccessLog accessLog(AuditLog audit) {
        if (audit instanceof JdbcAuditLog jdbc) {
            return new JdbcAccessLog(jdbc.pool(), jdbc.toString());
        }
        LOG.warn("the audit log {} is not a database: the access log goes to the logger {} and memory only",
                audit, LoggingAccessLog.LOGGER);
        return new LoggingAccessLog();
    }

    /** Ready when the audit store can make a record durable within its bound; models and rule base are reported. */
    static DecisionHttp.Readiness readiness(ModelRegistry models, CreditDecisionEngine engine, AuditLog audit) {
        Map<String, Object> details = health(models, engine);
        AuditHealth store = audit.health();
        details.put("auditStore", Map.of("status", store.up() ? "UP" : "DOWN", "detail", store.detail()));
        return new DecisionHttp.Readiness(store.up(), details);
    }

    static Map<String, Object> health(ModelRegistry models, CreditDecisionEngine engine) {
        Map<String, Object> details = new LinkedHashMap<>();
        Map<String, String> loaded = new LinkedHashMap<>();
        for (ModelCard card : models.cards()) {
            loaded.put(card.id(), models.version(card.name(), card.version()).provider().label());
        }
        details.put("models", loaded);
        details.put("ruleBase", engine.ruleBase().coordinates());
        if (!models.names().contains(ServiceModels.POLICY_MODEL)) {
            details.put("warning", "no " + ServiceModels.POLICY_MODEL + " model is loaded: every application is referred");
        }
        return details;
    }

    /** The audit log decisions are written to. */
    public AuditLog audit() {
        return audit;
    }

    /** Who looked at what: the access log in the audit store (or the one passed to {@link #start}). */
    public AccessLog accessLog() {
        return accessLog;
    }

    /** The authenticator of the compliance page's session cookie, when browser sign-in is on. */
    public Optional<SessionAuthenticator> sessionAuthenticator() {
        return Optional.ofNullable(signIn).map(BrowserSignIn::authenticator);
    }

    public DecisionService service() {
        return service;
    }

    public CamelContext camel() {
        return camel;
    }

    /** Blocks until the JVM is asked to stop (SIGTERM, Ctrl-C). */
    public void awaitShutdown() throws InterruptedException {
        java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close();
            stop.countDown();
        }, "credence-shutdown"));
        stop.await();
    }

    @Override
    public synchronized void close() {
        if (camel.isStopped()) {
            return;
        }
        camel.stop();
        if (checkpoints != null) {
            checkpoints.close();   // the last head, signed once nothing more is decided
        }
        audit.close();
        ModelFunctions.use(null);
        models.close();
        LOG.info("Credence decision service stopped");
    }
}
