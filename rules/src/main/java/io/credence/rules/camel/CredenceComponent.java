package io.credence.rules.camel;

import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.audit.AuditStoreSettings;
import io.credence.rules.audit.JdbcAuditLog;
import io.credence.rules.service.DecisionService;
import io.credence.rules.service.ModelTrust;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code credence} component: configured once, so that a route needs no other wiring.
 *
 * <pre>{@code
 * CredenceComponent credence = context.getComponent("credence", CredenceComponent.class);
 * credence.setModelsDir("models");                                   // or camel.component.credence.models-dir=models
 * credence.setAuditDb("jdbc:postgresql://db:5432/credence");         // camel.component.credence.audit-db=...
 * context.addRoutes(new RouteBuilder() {
 *     public void configure() {
 *         from("file:inbox").routeId("decide-inbox").to("credence:decide").to("file:outbox");
 *     }
 * });
 *
 * CredenceComponent.bind(context, decisionService, models);         // or: decide with a service built elsewhere
 * }</pre>
 *
 * <p>What the component opens from its settings (models, rule base, audit store; each when an
 * endpoint first needs it) it closes in {@link #doStop()}; a decision service or model registry it
 * was given stays open. The settings apply to what it opens, so a given decision service makes the
 * models, rules and audit settings moot for {@code decide}.
 */
@org.apache.camel.spi.annotations.Component(CredenceConstants.SCHEME)
public final class CredenceComponent extends DefaultComponent {

    @Metadata(description = "Folder of <name>/<version>/ model packages (model.onnx + model-card.json); empty: the"
            + " packages listed in META-INF/credence/models.list on the classpath.")
    private String modelsDir;

    @Metadata(description = "Folder of *.pub Ed25519 keys whose signed model packages load, besides the release key"
            + " that signs the bundled models; empty: the release key only.")
    private String trustedKeys;

    @Metadata(defaultValue = "false", description = "Also load model packages without a signature (a warning each);"
            + " a bad signature is still refused.")
    private boolean allowUnsignedModels;

    @Metadata(defaultValue = "auto", description = "ONNX Runtime execution provider: auto (CUDA when present, else"
            + " CPU), cpu or cuda[:id] (fails at load when CUDA cannot be used).")
    private String executionProvider = "auto";

    @Metadata(defaultValue = "64", description = "Concurrent scoring calls combine into one ONNX Runtime call of at"
            + " most this many rows; 1 = every call alone.")
    private int microBatch = 64;

    @Metadata(description = "Folder of DRL files (and reason-codes.csv) compiled when decide first starts; empty: the"
            + " policy rule base (KJAR) on the classpath.")
    private String rulesDir;

    @Metadata(defaultValue = JdbcAuditLog.DEFAULT_URL, description = "JDBC URL of the audit store decisions are"
            + " recorded in: jdbc:h2:... or jdbc:postgresql://host:port/db.")
    private String auditDb = JdbcAuditLog.DEFAULT_URL;

    @Metadata(defaultValue = "sa", description = "Audit store user.")
    private String auditUser = "sa";

    @Metadata(secret = true, description = "Audit store password (never logged).")
    private String auditPassword;

    @Metadata(label = "advanced", description = "An already-built decision service to decide with (the service binds"
            + " its own); not closed by the component. When set, the models, rules and audit settings do not apply to"
            + " decide.")
    private DecisionService decisionService;

    @Metadata(label = "advanced", description = "An already-built model registry for score and explain; not closed by"
            + " the component.")
    private ModelRegistry modelRegistry;

    private CredenceResources resources;

    /**
     * Makes the {@code credence} component of {@code camel} decide with {@code service} (and score
     * and explain with {@code models}, when not null), creating the component if needed. Binding the
     * same service again is a no-op; another one is refused, as the routes already using the
     * component would be left deciding elsewhere.
     */
    public static CredenceComponent bind(CamelContext camel, DecisionService service, ModelRegistry models) {
        CredenceComponent component = camel.getComponent(CredenceConstants.SCHEME, CredenceComponent.class);
        component.use(service, models);
        return component;
    }

    /** {@link #bind(CamelContext, DecisionService, ModelRegistry)} without a model registry. */
    public static CredenceComponent bind(CamelContext camel, DecisionService service) {
        return bind(camel, service, null);
    }

    private synchronized void use(DecisionService service, ModelRegistry models) {
        if (service == null) {
            throw new IllegalArgumentException("service is required: the DecisionService credence:decide decides with");
        }
        if (decisionService != service && (decisionService != null || resources != null)) {
            throw new IllegalStateException("the credence component of " + getCamelContext().getName()
                    + " already decides with " + (decisionService != null ? "another DecisionService"
                    : "what it opened from its settings") + "; bind the service before any credence endpoint starts");
        }
        decisionService = service;
        if (models != null) {
            if (modelRegistry != null && modelRegistry != models) {
                throw new IllegalStateException("the credence component of " + getCamelContext().getName()
                        + " already scores with another ModelRegistry");
            }
            modelRegistry = models;
        }
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        CredenceEndpoint endpoint = new CredenceEndpoint(uri, this, CredenceOperation.of(remaining));
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }

    /** What the endpoints decide and score with; opened from the settings on first use. */
    synchronized CredenceResources resources() {
        if (resources == null) {
            resources = CredenceResources.of(new CredenceResources.Settings(path(modelsDir), executionProvider, microBatch,
                    path(rulesDir), AuditStoreSettings.of(auditDb, auditUser, auditPassword),
                    new ModelTrust(path(trustedKeys), allowUnsignedModels)), decisionService, modelRegistry);
        }
        return resources;
    }

    /** Closes the models and audit store the component opened (not those it was given). */
    @Override
    protected void doStop() throws Exception {
        CredenceResources open;
        synchronized (this) {
            open = resources;
            resources = null;
        }
        if (open != null) {
            open.close();
        }
        super.doStop();
    }

    private static Path path(String value) {
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    public String getModelsDir() {
        return modelsDir;
    }

    public void setModelsDir(String modelsDir) {
        this.modelsDir = modelsDir;
    }

    public String getTrustedKeys() {
        return trustedKeys;
    }

    public void setTrustedKeys(String trustedKeys) {
        this.trustedKeys = trustedKeys;
    }

    public boolean isAllowUnsignedModels() {
        return allowUnsignedModels;
    }

    public void setAllowUnsignedModels(boolean allowUnsignedModels) {
        this.allowUnsignedModels = allowUnsignedModels;
    }

    public String getExecutionProvider() {
        return executionProvider;
    }

    public void setExecutionProvider(String executionProvider) {
        this.executionProvider = executionProvider;
    }

    public int getMicroBatch() {
        return microBatch;
    }

    public void setMicroBatch(int microBatch) {
        this.microBatch = microBatch;
    }

    public String getRulesDir() {
        return rulesDir;
    }

    public void setRulesDir(String rulesDir) {
        this.rulesDir = rulesDir;
    }

    public String getAuditDb() {
        return auditDb;
    }

    public void setAuditDb(String auditDb) {
        this.auditDb = auditDb;
    }

    public String getAuditUser() {
        return auditUser;
    }

    public void setAuditUser(String auditUser) {
        this.auditUser = auditUser;
    }

    public String getAuditPassword() {
        return auditPassword;
    }

    public void setAuditPassword(String auditPassword) {
        this.auditPassword = auditPassword;
    }

    public DecisionService getDecisionService() {
        return decisionService;
    }

    public void setDecisionService(DecisionService decisionService) {
        this.decisionService = decisionService;
    }

    public ModelRegistry getModelRegistry() {
        return modelRegistry;
    }

    public void setModelRegistry(ModelRegistry modelRegistry) {
        this.modelRegistry = modelRegistry;
    }
}
