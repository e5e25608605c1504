package io.credence.rules.service;

import io.credence.plugin.card.ModelCard;
import io.credence.plugin.drl.ModelFunctions;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.audit.AuditHealth;
import io.credence.rules.audit.AuditLog;
import io.credence.rules.audit.JdbcAuditLog;
import io.vertx.core.VertxOptions;
import io.credence.rules.audit.web.AuditPageAccess;
import io.credence.rules.audit.web.AuditPageRoutes;
import io.credence.rules.security.AccessLog;
import io.credence.rules.security.Principal;
import io.credence.rules.security.Role;
import io.credence.rules.security.access.JdbcAccessLog;
import io.credence.rules.security.access.MemoryAccessLog;
import io.credence.rules.security.session.BrowserSignIn;
import io.credence.rules.security.session.SessionAuthenticator;
import io.credence.rules.decision.CreditDecisionEngine;
import io.credence.rules.service.input.ApplicationReader;
import io.credence.rules.service.input.ApplicationSchema;
import io.credence.rules.service.routes.BatchFile;
import io.credence.rules.service.routes.DecisionHttp;
import io.credence.rules.service.routes.FileBatchRoutes;
import io.credence.rules.service.routes.HttpErrorPages;
import io.credence.rules.service.routes.KafkaMessages;
import io.credence.rules.service.routes.KafkaRoutes;
import io.credence.rules.service.routes.RestRoutes;
import java.time.Clock;
import java.util.LinkedHashMap;
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

    /** Who the compliance page takes every request to be when browser sign-in is off: masked pages only. */
    static final Principal WITHOUT_SIGN_IN = new Principal("anonymous", Set.of(Role.REVIEW), "loopback");

    private ServiceRuntime(ModelRegistry models, AuditLog audit, CamelContext camel, DecisionService service,
                           AccessLog accessLog, BrowserSignIn signIn) {
        this.models = models;
        this.audit = audit;
        this.camel = camel;
        this.service = service;
        this.accessLog = accessLog;
        this.signIn = signIn;
    }

    public static ServiceRuntime start(ServiceSettings settings, AuditLogFactory audits) throws Exception {
        ModelRegistry models = ServiceModels.load(settings.modelsDir(), settings.executionProvider(), settings.microBatch());
        AuditLog audit = null;
        boolean started = false;
        try {
            audit = audits.open(settings.auditStore());
            CreditDecisionEngine engine = CreditDecisionEngine.fromClasspath();
            DecisionService service = new DecisionService(engine, new ApplicationReader(ApplicationSchema.load()), audit);
            AccessLog accessLog = accessLog(audit);
            BrowserSignIn signIn = settings.signIn().enabled()
                    ? BrowserSignIn.open(settings.signIn(), accessLog, Clock.systemUTC()) : null;
            CamelContext camel = context(settings, service, models, engine, audit, accessLog, signIn);
            camel.start();
            HttpErrorPages.install(camel, settings.httpPort());
            LOG.info("Credence decision service listening on http://{}:{}{} (rule base {})", settings.httpHost(),
                    settings.httpPort(), RestRoutes.DECISIONS_PATH, engine.ruleBase().coordinates());
            if (signIn != null) {
                LOG.info("compliance page sign-in at /audit/sign-in, users from {}, sessions idle out after {}",
                        settings.signIn().usersFile().toAbsolutePath(), settings.signIn().idleTimeout());
            }
            started = true;
            return new ServiceRuntime(models, audit, camel, service, accessLog, signIn);
        } finally {
            if (!started) {
                // Start-up failed: release what was opened; the cause propagates unchanged.
                if (audit != null) {
                    audit.close();
                }
                ModelFunctions.use(null);
                models.close();
            }
        }
    }

    /** The CamelContext with every enabled channel, not yet started. */
    static CamelContext context(ServiceSettings settings, DecisionService service, ModelRegistry models,
                                CreditDecisionEngine engine, AuditLog audit, AccessLog accessLog,
                                BrowserSignIn signIn) throws Exception {
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
        camel.addService(server);
        camel.addRoutes(new RestRoutes(new DecisionHttp(service, settings.maxBodyBytes(),
                () -> readiness(models, engine, audit))));
        // Cookies carry Secure once the server runs TLS.
        boolean secureCookies = false;
        AuditPageAccess pageAccess = signIn != null ? AuditPageAccess.signIn(signIn, secureCookies)
                : AuditPageAccess.open(WITHOUT_SIGN_IN);
        camel.addRoutes(new AuditPageRoutes(audit, accessLog, pageAccess, Clock.systemUTC()));
        if (settings.fileEnabled()) {
            camel.addRoutes(new FileBatchRoutes(new BatchFile(service), settings.fileInput(), settings.fileOutput()));
            LOG.info("file batch channel: {} -> {}", settings.fileInput().toAbsolutePath(),
                    settings.fileOutput().toAbsolutePath());
        }
        if (settings.kafkaEnabled()) {
            camel.addRoutes(new KafkaRoutes(new KafkaMessages(service, settings.decisionsTopic(), settings.errorsTopic()),
                    settings.kafkaBrokers(), settings.applicationsTopic(), settings.decisionsTopic(),
                    settings.errorsTopic(), settings.kafkaGroupId()));
            LOG.info("kafka channel: {} -> {} / {} at {}", settings.applicationsTopic(), settings.decisionsTopic(),
                    settings.errorsTopic(), settings.kafkaBrokers());
        }
        return camel;
    }

    /** The access log in the audit store, or in memory for an audit log that is not a database. */
    static AccessLog accessLog(AuditLog audit) {
        if (audit instanceof JdbcAuditLog jdbc) {
            return new JdbcAccessLog(jdbc.pool(), jdbc.toString());
        }
        LOG.warn("the audit log {} is not a database: the access log is kept in memory only", audit);
        return new MemoryAccessLog();
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

    /** Who looked at what: the access log in the audit store. */
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
        audit.close();
        ModelFunctions.use(null);
        models.close();
        LOG.info("Credence decision service stopped");
    }
}
