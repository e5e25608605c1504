package io.credence.rules.service;

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
import io.credence.rules.camel.CredenceComponent;
import io.credence.rules.audit.web.AuditPageRoutes;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.decision.RuleBase;
import io.credence.rules.drift.DriftMonitor;
import io.credence.rules.drift.DriftSettings;
import io.credence.rules.service.input.ApplicationReader;
import io.credence.rules.service.input.ApplicationSchema;
import io.credence.rules.service.logs.DecisionUnitOfWork;
import io.credence.rules.service.routes.BatchFile;
import io.credence.rules.service.routes.CacheControlHeaders;
import io.credence.rules.service.routes.DecisionHttp;
import io.credence.rules.service.routes.FileBatchRoutes;
import io.credence.rules.service.routes.HttpErrorPages;
import io.credence.rules.service.routes.KafkaMessages;
import io.credence.rules.service.routes.KafkaRoutes;
import io.credence.rules.service.routes.KafkaSettings;
import io.credence.rules.service.routes.ErasureHttp;
import io.credence.rules.service.routes.HealthHttp;
import io.credence.rules.service.routes.NoticeHttp;
import io.credence.rules.service.main.ConfigurationLayers;
import io.credence.rules.service.main.RoutesPattern;
import io.credence.rules.service.main.RoutesRefusedException;
import io.credence.rules.service.main.ServiceHealthChecks;
import io.credence.rules.service.main.ServiceMain;
import io.credence.rules.service.metrics.MetricsRoutes;
import io.credence.rules.service.metrics.ServiceMetrics;
import io.credence.rules.service.routes.RestRoutes;
import io.credence.rules.service.reload.DecisionState;
import io.credence.rules.service.reload.DecisionStates;
import io.credence.rules.service.reload.ModelsFolderWatch;
import io.credence.rules.service.reload.ReloadRoutes;
import io.credence.rules.service.reload.Reloader;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: models, rule base, audit log, and camel-main running a CamelContext with the
 * channels the settings switch on (REST and the audit page always; file batch and Kafka when enabled),
 * the integrator's routes ({@code camel.main.routesIncludePattern}, {@code serve --routes}), and the
 * service's readiness checks in Camel's health-check registry. {@link #close()} stops it gracefully:
 * Camel lets in-flight exchanges finish (at most {@code camel.main.shutdownTimeout} seconds), then the
 * last checkpoint is signed and the audit store closed.
 *
 * <pre>{@code
 * ConfigurationLayers layers = ConfigurationLayers.read(Optional.empty(), Path.of(""), System.getenv(),
 *         System.getProperties(), Map.of());
 * try (ServiceRuntime service = ServiceRuntime.start(ServiceSettings.from(layers), layers.camel(), AuditLogFactory.JDBC,
 *         List.of(), null)) {
 *     service.awaitShutdown();
 * }
 * }</pre>
 */
public final class ServiceRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceRuntime.class);

    /** The rule base, models and engine serving, swapped by {@link #reloader()}. */
    private final DecisionStates states;
    private final Reloader reloader;
    /** Watches the models folder; null when off or without one. */
    private final ModelsFolderWatch watch;
    private final AuditLog audit;
    private final Main main;
    private final CamelContext camel;
    private final DecisionService service;
    private final AccessLog accessLog;
    private final BrowserSignIn signIn;
    /** Signs the audit tree's head; null when no signing key is configured. */
    private final Checkpointer checkpoints;
    private final ServiceMetrics metrics;
    private final DriftMonitor drift;

    /** Who the compliance pages take every request to be when access control is off: masked pages only. */
    static final Principal WITHOUT_ACCESS_CONTROL = new Principal("anonymous", Set.of(Role.REVIEW), "loopback");

    private ServiceRuntime(DecisionStates states, Reloader reloader, ModelsFolderWatch watch, AuditLog audit, Main main,
                           DecisionService service, AccessLog accessLog, BrowserSignIn signIn, Checkpointer checkpoints,
                           ServiceMetrics metrics, DriftMonitor drift) {
        this.metrics = metrics;
        this.drift = drift;
        this.states = states;
        this.reloader = reloader;
        this.watch = watch;
        this.audit = audit;
        this.main = main;
        this.camel = main.getCamelContext();
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
        return start(settings, Map.of(), audits, moreAuthenticators, accessLog);
    }

    /**
     * Starts the service with camel-main configured by the jar's {@code camel.*} defaults overridden by
     * {@code camelSettings} (the {@code camel.*} keys of
     * {@link io.credence.rules.service.main.ConfigurationLayers#camel()}; any other key is a
     * placeholder the routes may use). {@code camel.main.routesIncludePattern} is checked by
     * {@link RoutesPattern} before anything is opened.
     *
     * @throws RoutesRefusedException naming the entry or file, when the integrator's routes cannot be
     *                                found or loaded; nothing is left started
     */
    public static ServiceRuntime start(ServiceSettings settings, Map<String, String> camelSettings, AuditLogFactory audits,
                                       List<Authenticator> moreAuthenticators, AccessLog accessLog) throws Exception {
        // Over the jar's defaults (camel.main.shutdownTimeout, camel.health.exposureLevel), whatever the caller passed.
        Map<String, String> camelProperties = new LinkedHashMap<>(ConfigurationLayers.of(ConfigurationLayers.NO_FILE,
                Map.of(), new java.util.Properties(), camelSettings).placeholders());
        camelProperties.keySet().removeIf(key -> key.endsWith(".password"));   // secrets stay out of Camel
        RoutesPattern userRoutes = null;
        if (camelProperties.containsKey(RoutesPattern.KEY)) {
            userRoutes = RoutesPattern.parse(camelProperties.get(RoutesPattern.KEY));
            camelProperties.put(RoutesPattern.KEY, userRoutes.pattern());
        }
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
        ModelRegistry models = ServiceModels.load(settings.modelsDir(), settings.executionProvider(), settings.microBatch(),
                settings.modelTrust());
        AuditLog audit = null;
        Checkpointer checkpoints = null;
        Main main = null;
        DecisionStates states = null;
        ModelsFolderWatch watch = null;
        boolean started = false;
        try {
            audit = audits.open(settings.auditStore());
            // The built-in KJAR, or the analysts' policy folder (credence.rules.dir / serve --rules DIR).
            RuleBase rules = settings.rulesDir() == null ? RuleBase.builtIn() : RuleBase.folder(settings.rulesDir());
            CreditDecisionEngine engine = CreditDecisionEngine.of(rules).withModels(models);
            ServiceModels.warnAboutMissing(models, rules.models(), settings.modelsDir());
            // This instance's own meters (GET /metrics), fed by the decision service, the models and the audit log.
            ApplicationSchema schema = ApplicationSchema.load();
            ServiceMetrics metrics = metrics(schema, models, audit);
            // One atomic reference to rule base + models + engine: reloads swap it, decisions lease it.
            DecisionStates serving = DecisionStates.owning(engine);
            states = serving;
            // Cards looked up in the models serving: a version swapped in is watched when it first scores.
            DriftMonitor drift = drift(settings.drift(), models, () -> serving.current().models(), metrics);
            Reloader reloader = new Reloader(states, new Reloader.Sources(settings.rulesDir(), settings.modelsDir(),
                    settings.executionProvider(), settings.microBatch(), settings.modelTrust()), metrics.models(),
                    metrics.registry());
            DecisionService service = new DecisionService(states, new ApplicationReader(schema), audit)
                    .reportingTo(metrics.decisions().andThen((channel, outcome, nanos) -> {
                        if (outcome instanceof ServiceOutcome.Decided decided) {
                            drift.observe(decided.result());
                        }
                    }));
            AccessLog access = accessLog != null ? accessLog : accessLog(audit);
            checkpoints = checkpointer(settings.proofs(), signer, audit);
            BrowserSignIn signIn = settings.signIn().enabled()
                    ? BrowserSignIn.open(settings.signIn(), access, Clock.systemUTC()) : null;
            // One access control for every route: a signed-in browser is a principal like a key or a token.
            AccessControl control = signIn != null ? machines.with(signIn.authenticator()) : machines;
            ProofService proofs = checkpoints != null ? new ProofService(((JdbcAuditLog) audit).tree(), checkpoints) : null;
            main = main(settings, camelProperties, serverKey, service, reloader, audit, control, access, signIn, proofs,
                    metrics, drift);
            startMain(main, userRoutes);
            CamelContext camel = main.getCamelContext();
            HttpErrorPages.install(camel, settings.httpPort());
            if (serverKey != null) {
                StrictTransportSecurity.install(camel, settings.httpPort());
            }
            if (userRoutes != null) {
                LOG.info("integrator routes from {}: {}", userRoutes.pattern(), userRoutes.files());
            }
            LOG.info("Credence decision service listening on {}://{}:{}{} (rule base {}, SHA-256 {})",
                    serverKey != null ? "https" : "http", settings.httpHost(), settings.httpPort(), RestRoutes.DECISIONS_PATH,
                    engine.ruleBase().coordinates(), engine.ruleBase().drlSha256());
            if (signIn != null) {
                LOG.info("compliance page sign-in at {}, users from {}, sessions idle out after {}",
                        AuditPageRoutes.SIGN_IN_PATH, settings.signIn().usersFile().toAbsolutePath(),
                        settings.signIn().idleTimeout());
            }
            if (settings.modelsDir() != null && settings.modelsWatch().enabled()) {
                watch = ModelsFolderWatch.start(reloader, settings.modelsWatch().interval());
            }
            started = true;
            return new ServiceRuntime(states, reloader, watch, audit, main, service, access, signIn, checkpoints, metrics,
                    drift);
        } finally {
            if (!started) {
                // Start-up failed: release what was opened; the cause propagates unchanged.
                if (main != null) {
                    stopQuietly(main);
                }
                if (checkpoints != null) {
                    checkpoints.close();
                }
                if (watch != null) {
                    watch.close();
                }
                if (audit != null) {
                    audit.close();
                }
                if (states != null) {
                    states.close();
                } else {
                    models.close();
                }
            }
        }
    }

    /**
     * camel-main with every enabled channel and the service's health checks, not yet started; HTTPS when
     * {@code serverKey} is not null.
     */
    static Main main(ServiceSettings settings, Map<String, String> camelProperties, ServerKey serverKey,
                     DecisionService service, Reloader reloader, AuditLog audit, AccessControl access,
                     AccessLog accessLog, BrowserSignIn signIn, ProofService proofs,
                     ServiceMetrics metrics, DriftMonitor drift) {
        boolean secureCookies = serverKey != null;
        Main[] self = new Main[1];
        HealthHttp health = new HealthHttp(() -> ServiceHealthChecks.readiness(self[0].getCamelContext()),
                () -> ServiceHealthChecks.liveness(self[0].getCamelContext()));
        List<RoutesBuilder> routes = new ArrayList<>();
        DecisionStates states = reloader.states();
        routes.add(new RestRoutes(new DecisionHttp(service, settings.maxBodyBytes(), () -> readiness(reloader, audit),
                access.enabled() ? accessLog : null, proofs), new ErasureHttp(audit), health,
                new NoticeHttp(audit, settings.notice(), access.enabled() ? accessLog : null, Clock.systemUTC())));
        if (settings.notice().example()) {
            LOG.warn("the adverse action notice names the placeholder creditor '{}': set credence.notice.creditor-name"
                    + " and credence.notice.creditor-address (docs/notice.md)", settings.notice().creditorName());
        }
        AuditPageAccess pages = access.enabled() ? AuditPageAccess.checked(signIn, secureCookies)
                : AuditPageAccess.open(WITHOUT_ACCESS_CONTROL);
        routes.add(new AuditPageRoutes(audit, accessLog, pages, Clock.systemUTC(), drift::snapshot));
        routes.add(new MetricsRoutes(metrics));
        routes.add(new ReloadRoutes(reloader));
        if (settings.fileEnabled()) {
            routes.add(new FileBatchRoutes(new BatchFile(service, settings.fileBatch()),
                    settings.fileInput(), settings.fileOutput(), settings.fileRetryDelay()));
            LOG.info("file batch channel: {} -> {}", settings.fileInput().toAbsolutePath(),
                    settings.fileOutput().toAbsolutePath());
        }
        if (settings.kafkaEnabled()) {
            KafkaSettings kafka = settings.kafka();
            routes.add(new KafkaRoutes(new KafkaMessages(service, kafka.decisionsTopic(), kafka.errorsTopic(),
                    kafka.maxMessageBytes()), kafka));
            LOG.info("kafka channel: {} -> {} / {} at {}", settings.applicationsTopic(), settings.decisionsTopic(),
                    settings.errorsTopic(), settings.kafkaBrokers());
        }
        self[0] = ServiceMain.create(camelProperties, routes, camel -> {
            // Every channel decides through credence:decide, with the service's own decision service and models.
            // No registry of its own: credence:score follows the models serving (reloads included).
            CredenceComponent.bind(camel, service, null);
            // The ids of an exchange's decision on every line written for it after the decision returned.
            DecisionUnitOfWork.install(camel);
            // Camel's HTTP filter would drop the Cache-Control: no-store of every sensitive reply.
            CacheControlHeaders.install(camel);
            if (settings.kafkaEnabled()) {
                // Every Kafka consumer of this context is watched for its lag (credence_kafka_consumer_lag_records).
                camel.getComponent("kafka", org.apache.camel.component.kafka.KafkaComponent.class)
                        .setKafkaClientFactory(metrics.kafkaLag());
            }
            // The HTTP server's Vert.x instance is made from the VertxOptions bean in the registry.
            camel.getRegistry().bind("credence-vertx-options", new VertxOptions().setWorkerPoolSize(settings.httpWorkers()));
            addService(camel, server(settings, serverKey));
            if (access.enabled()) {
                // A service started after the server and before any route: no request reaches a route unchecked.
                SignInRedirect toSignIn = signIn != null
                        ? new SignInRedirect(AuditPageRoutes.PATH, AuditPageRoutes.SIGN_IN_PATH, secureCookies) : null;
                addService(camel, new HttpAccessControl(settings.httpPort(), access, toSignIn));
            } else {
                LOG.info("access control is off: no API keys, bearer tokens or users are configured (docs/security.md)");
            }
        }, camel -> ServiceHealthChecks.register(camel, () -> states.current().models(), () -> states.current().engine(),
                audit, () -> reloadDetails(reloader)));
        return self[0];
    }

    private static void addService(CamelContext camel, Object service) {
        try {
            camel.addService(service);
        } catch (Exception e) {
            throw org.apache.camel.RuntimeCamelException.wrapRuntimeCamelException(e);
        }
    }

    /** platform-http-main's server on {@code credence.http.host:port}. */
    private static MainHttpServer server(ServiceSettings settings, ServerKey serverKey) {
        MainHttpServer server = new MainHttpServer();
        server.setHost(settings.httpHost());
        server.setPort(settings.httpPort());
        // Up to this cap the service reads the body and answers 413 itself (audited); beyond it the
        // server refuses the body unread (HttpErrorPages gives that 413 a JSON body too).
        server.setMaxBodySize(Math.max(settings.maxBodyBytes() * 4, 1024 * 1024));
        if (serverKey != null) {
            server.setSslContextParameters(ServerTls.parameters(serverKey));
            LOG.info("TLS {} with {}", ServerTls.PROTOCOLS, serverKey);
        }
        return server;
    }

    /** Starts camel-main; a route of the integrator's that fails to load is named. */
    private static void startMain(Main main, RoutesPattern userRoutes) throws Exception {
        try {
            main.start();
        } catch (RuntimeException e) {
            if (userRoutes == null) {
                throw e;
            }
            throw new RoutesRefusedException("the routes of --routes " + userRoutes.pattern() + " cannot be loaded: "
                    + describe(e), e);
        }
    }

    /** The messages of a chain of causes, each once. */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null && !text.toString().contains(message)) {
                text.append(text.length() == 0 ? "" : ": ").append(message);
            }
        }
        return text.length() == 0 ? e.getClass().getName() : text.toString();
    }

    private static void stopQuietly(Main main) {
        try {
            main.stop();
        } catch (RuntimeException e) {
            LOG.warn("stopping camel-main after a failed start: {}", e.toString());
        }
        CamelContext camel = main.getCamelContext();
        if (camel != null && !camel.isStopped()) {
            camel.stop();
        }
    }

    /** One registry for this instance, bound to the models' and (for a database) the audit log's events. */
    static ServiceMetrics metrics(ApplicationSchema schema, ModelRegistry models, AuditLog audit) {
        ServiceMetrics metrics = new ServiceMetrics(ServiceMetrics.schemaFields(schema));
        models.events(metrics.models());
        if (audit instanceof JdbcAuditLog jdbc) {
            jdbc.events(metrics.audit());
        }
        return metrics;
    }

    /**
     * This instance's drift monitor: every loaded version whose card has training distributions is
     * watched from the start (its gauges read NaN until enough applications came), later versions when
     * they first score.
     */
    static DriftMonitor drift(DriftSettings settings, ModelRegistry models,
                              java.util.function.Supplier<ModelRegistry> serving, ServiceMetrics metrics) {
        DriftMonitor drift = new DriftMonitor((name, version) -> serving.get().version(name, version).card(), settings,
                Clock.systemUTC());
        metrics.drift(drift);
        for (var card : models.cards()) {
            if (drift.track(card).isEmpty()) {
                LOG.info("model {} has no training distributions in its card: its drift is not monitored"
                        + " (credence-training profile adds them; docs/model-card.md)", card.id());
            }
        }
        return drift;
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
    static DecisionHttp.Readiness readiness(Reloader reloader, AuditLog audit) {
        Map<String, Object> details = health(reloader);
        AuditHealth store = audit.health();
        details.put("auditStore", Map.of("status", store.up() ? "UP" : "DOWN", "detail", store.detail()));
        return new DecisionHttp.Readiness(store.up(), details);
    }

    static Map<String, Object> health(Reloader reloader) {
        DecisionState state = reloader.states().current();
        ModelRegistry models = state.models();
        CreditDecisionEngine engine = state.engine();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("models", ServiceHealthChecks.loadedModels(models));
        details.put("modelSignatures", ServiceModels.signatures(models));
        if (!models.refusals().isEmpty()) {
            details.put("refusedModels", models.refusals());
        }
        details.put("ruleBase", engine.ruleBase().coordinates());
        details.put("ruleBaseSha256", engine.ruleBase().drlSha256());
        String warning = ServiceHealthChecks.missingModelsWarning(models, engine);
        if (warning != null) {
            details.put("warning", warning);
        }
        details.putAll(reloadDetails(reloader));
        return details;
    }

    /** The serving state's generation and start, and the last reload's result (when there was one). */
    static Map<String, Object> reloadDetails(Reloader reloader) {
        DecisionState state = reloader.states().current();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("stateGeneration", state.generation());
        details.put("stateSince", state.since().toString());
        reloader.last().ifPresent(last -> {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("kind", last.kind());
            result.put("trigger", last.trigger());
            result.put("result", last.result().label());
            result.put("message", last.message());
            result.put("at", last.at().toString());
            details.put("lastReload", result);
        });
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

    /** This instance's meters, as {@code GET /metrics} shows them. */
    public ServiceMetrics metrics() {
        return metrics;
    }

    /** This instance's drift monitor (the monitoring page and {@code credence_drift_psi}). */
    public DriftMonitor drift() {
        return drift;
    }

    public DecisionService service() {
        return service;
    }

    /** Reloads the rule base and the models ({@code POST /admin/rules/reload}, {@code POST /admin/models/reload}). */
    public Reloader reloader() {
        return reloader;
    }

    /** The rule base, models and engine serving now. */
    public DecisionState state() {
        return states.current();
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

    /**
     * Stops gracefully: no new exchange is taken, the in-flight ones finish (at most
     * {@code camel.main.shutdownTimeout} seconds, default 45), then the last checkpoint is signed and
     * the audit store closed.
     */
    @Override
    public synchronized void close() {
        if (camel.isStopped()) {
            return;
        }
        LOG.info("Credence decision service stopping: in-flight requests finish first (at most {} s)",
                camel.getShutdownStrategy().getTimeout());
        main.stop();
        if (!camel.isStopped()) {
            camel.stop();
        }
        if (checkpoints != null) {
            checkpoints.close();   // the last head, signed once nothing more is decided
        }
        if (watch != null) {
            watch.close();
        }
        audit.close();
        states.close();   // the models close once no decision uses them
        LOG.info("Credence decision service stopped");
    }
}
