package io.credence.rules.service;

import io.credence.plugin.card.ModelCard;
import io.credence.plugin.drl.ModelFunctions;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.audit.AuditHealth;
import io.credence.rules.audit.AuditLog;
import io.vertx.core.VertxOptions;
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
import io.credence.rules.service.routes.RestRoutes;
import io.credence.rules.security.AccessLog;
import io.credence.rules.security.Authenticator;
import io.credence.rules.security.LoggingAccessLog;
import io.credence.rules.security.http.AccessControl;
import io.credence.rules.security.http.HttpAccessControl;
import io.credence.rules.service.tls.ServerKey;
import io.credence.rules.service.tls.ServerTls;
import io.credence.rules.service.tls.StrictTransportSecurity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private ServiceRuntime(ModelRegistry models, AuditLog audit, CamelContext camel, DecisionService service) {
        this.models = models;
        this.audit = audit;
        this.camel = camel;
        this.service = service;
    }

    /**
     * Starts the service.
     *
     * @throws ExposureRefusedException before anything is opened, when the settings would expose the
     *                                  service on a network without authentication ({@link NetworkExposure})
     */
    public static ServiceRuntime start(ServiceSettings settings, AuditLogFactory audits) throws Exception {
        return start(settings, audits, List.of(), new LoggingAccessLog());
    }

    /**
     * Starts the service with access control as {@link ServiceSettings#security()} configures it, plus
     * {@code moreAuthenticators} (e.g. browser sessions), asked after API keys and bearer tokens. With
     * none of them, access control is off.
     *
     * @param accessLog where API views of decisions are recorded when access control is on
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
        AccessControl access = AccessControl.from(settings.security(), moreAuthenticators);
        ModelRegistry models = ServiceModels.load(settings.modelsDir(), settings.executionProvider(), settings.microBatch());
        AuditLog audit = null;
        boolean started = false;
        try {
            audit = audits.open(settings.auditStore());
            CreditDecisionEngine engine = CreditDecisionEngine.fromClasspath();
            DecisionService service = new DecisionService(engine, new ApplicationReader(ApplicationSchema.load()), audit);
            CamelContext camel = context(settings, serverKey, service, models, engine, audit, access, accessLog);
            camel.start();
            HttpErrorPages.install(camel, settings.httpPort());
            if (serverKey != null) {
                StrictTransportSecurity.install(camel, settings.httpPort());
            }
            LOG.info("Credence decision service listening on {}://{}:{}{} (rule base {})", serverKey != null ? "https" : "http",
                    settings.httpHost(), settings.httpPort(), RestRoutes.DECISIONS_PATH, engine.ruleBase().coordinates());
            started = true;
            return new ServiceRuntime(models, audit, camel, service);
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

    /** The CamelContext with every enabled channel, not yet started; HTTPS when {@code serverKey} is not null. */
    static CamelContext context(ServiceSettings settings, ServerKey serverKey, DecisionService service, ModelRegistry models,
                                CreditDecisionEngine engine, AuditLog audit, AccessControl access,
                                AccessLog accessLog) throws Exception {
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
        if (access.enabled()) {
            // A service started after the server and before any route: no request reaches a route unchecked.
            camel.addService(new HttpAccessControl(settings.httpPort(), access));
        } else {
            LOG.info("access control is off: no API keys, bearer tokens or users are configured (docs/security.md)");
        }
        camel.addRoutes(new RestRoutes(new DecisionHttp(service, settings.maxBodyBytes(),
                () -> readiness(models, engine, audit), access.enabled() ? accessLog : null)));
        camel.addRoutes(new AuditPageRoutes(audit));
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
