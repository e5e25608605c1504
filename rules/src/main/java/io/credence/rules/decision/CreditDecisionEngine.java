package io.credence.rules.decision;

import io.credence.plugin.drl.ModelScore;
import io.credence.rules.application.LoanApplication;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import io.credence.plugin.explain.ReasonCodeTable;
import org.drools.model.Model;
import org.drools.model.codegen.ExecutableModelProject;
import org.drools.modelcompiler.KieBaseBuilder;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;

/**
 * Runs the credit policy for one application at a time. Thread-safe: each decision gets its own
 * session from a shared, immutable KieBase.
 *
 * <pre>{@code
 * ModelFunctions.use(registry);                       // the models DRL scores with
 * CreditDecisionEngine engine = CreditDecisionEngine.fromClasspath();
 * DecisionResult result = engine.decide(application);
 * }</pre>
 */
public final class CreditDecisionEngine {

    /** The KieBase name in the KJAR's kmodule.xml. */
    public static final String KIE_BASE = "credit-policy";
    /** Classpath folder of the policy DRL. */
    public static final String POLICY_FOLDER = "io/credence/rules/policy/";
    /** Lists the DRL files of the policy, one name per line; used for the rule-base digest. */
    public static final String POLICY_INDEX = POLICY_FOLDER + "policy.index";

    /** Most severe first, then by code: the same application always lists its reasons in the same order. */
    static final Comparator<Reason> REASON_ORDER = Comparator.comparing(Reason::outcome).reversed().thenComparing(Reason::code);

    /** The reason-code table in the policy folder. */
    public static final String REASON_CODES = "reason-codes.csv";

    private final KieBase kieBase;
    private final KieSessionsPool sessions;
    private final RuleBaseVersion version;
    private final ReasonCodeTable reasonCodes;
    private final Clock clock;

    private CreditDecisionEngine(KieBase kieBase, RuleBaseVersion version, ReasonCodeTable reasonCodes, Clock clock) {
        this.kieBase = kieBase;
        this.sessions = kieBase.newKieSessionsPool(Runtime.getRuntime().availableProcessors() * 2);
        this.version = version;
        this.reasonCodes = reasonCodes;
        this.clock = clock;
    }

    /** The same rules with another reason-code table (e.g. for a model with other features). */
    public CreditDecisionEngine withReasonCodes(ReasonCodeTable table) {
        return new CreditDecisionEngine(kieBase, version, table, clock);
    }

    public ReasonCodeTable reasonCodes() {
        return reasonCodes;
    }

    /** Where kie-maven-plugin lists the executable-model classes of this KJAR. */
    public static final String EXECUTABLE_MODEL_INDEX = "META-INF/kie/io.credence/credence-rules/drools-model";

    /**
     * The policy KJAR on the classpath, from its executable model (built by kie-maven-plugin). The
     * model classes are read from {@value #EXECUTABLE_MODEL_INDEX} directly rather than through a
     * classpath KieContainer, so the rules load the same way from the KJAR, from a shaded
     * application jar and from test classes.
     */
    public static CreditDecisionEngine fromClasspath() {
        ClassLoader loader = CreditDecisionEngine.class.getClassLoader();
        List<Model> models = new ArrayList<>();
        for (String line : resource(loader, EXECUTABLE_MODEL_INDEX).split("\\R")) {
            String name = line.strip();
            if (name.isEmpty() || name.contains(":")) {
                continue; // the header line "Drools-Model-Version:..."
            }
            try {
                models.add((Model) Class.forName(name, true, loader).getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new IllegalStateException("cannot load the executable model class " + name + " listed in "
                        + EXECUTABLE_MODEL_INDEX + "; rebuild the rules module", e);
            }
        }
        if (models.isEmpty()) {
            throw new IllegalStateException(EXECUTABLE_MODEL_INDEX + " lists no model class; rebuild the rules module");
        }
        KieBase kieBase = KieBaseBuilder.createKieBaseFromModel(models);
        Map<String, String> policy = classpathPolicy();
        return new CreditDecisionEngine(kieBase, new RuleBaseVersion(kjarCoordinates(), digest(policy)),
                reasonCodes(policy), Clock.systemUTC());
    }

    /**
     * A KieBase built at run time from the policy files (file name -> content: DRL files and
     * {@value #REASON_CODES}), e.g. rules an analyst is
     * editing, compiled to the executable model like the KJAR. Compile errors are reported with
     * file, line and message.
     */
    public static CreditDecisionEngine fromDrl(Map<String, String> drlFiles) {
        KieServices services = KieServices.get();
        KieFileSystem files = services.newKieFileSystem();
        drlFiles.forEach((name, text) -> {
            if (name.endsWith(".drl")) {
                files.write("src/main/resources/" + POLICY_FOLDER + name, text);
            }
        });
        KieBuilder builder = services.newKieBuilder(files).buildAll(ExecutableModelProject.class);
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        if (!errors.isEmpty()) {
            StringBuilder text = new StringBuilder("the policy rules do not compile:");
            for (Message m : errors) {
                text.append("\n  ").append(m.getPath()).append(" line ").append(m.getLine()).append(": ").append(m.getText());
            }
            throw new IllegalArgumentException(text.toString());
        }
        KieContainer container = services.newKieContainer(services.getRepository().getDefaultReleaseId());
        return new CreditDecisionEngine(container.getKieBase(), new RuleBaseVersion("runtime", digest(drlFiles)),
                reasonCodes(drlFiles), Clock.systemUTC());
    }

    private static ReasonCodeTable reasonCodes(Map<String, String> policy) {
        String csv = policy.get(REASON_CODES);
        if (csv == null) {
            // no table: every adverse model feature is reported as ReasonCodeTable.UNMAPPED with its description
            return ReasonCodeTable.parse(String.join(",", "feature", "direction", "code", "text"), "(no " + REASON_CODES + ")");
        }
        return ReasonCodeTable.parse(csv, POLICY_FOLDER + REASON_CODES);
    }

    /** The policy files on the classpath (DRL and the reason-code table), by name. */
    public static Map<String, String> classpathPolicy() {
        ClassLoader loader = CreditDecisionEngine.class.getClassLoader();
        Map<String, String> files = new TreeMap<>();
        for (String name : resource(loader, POLICY_INDEX).split("\\R")) {
            String file = name.strip();
            if (!file.isEmpty() && !file.startsWith("#")) {
                files.put(file, resource(loader, POLICY_FOLDER + file));
            }
        }
        return files;
    }

    public RuleBaseVersion ruleBase() {
        return version;
    }

    /** Decides an application; the scoring rule runs the model. */
    public DecisionResult decide(LoanApplication application) {
        return decide(application, List.of());
    }

    /**
     * Decides an application with scores computed elsewhere; the scoring rule does not run a
     * model whose score is already present.
     */
    public DecisionResult decide(LoanApplication application, List<ModelScore> precomputed) {
        Decision decision = new Decision(application.getApplicationId());
        decision.setReasonCodes(reasonCodes);
        List<String> fired = new ArrayList<>();
        KieSession session = sessions.newKieSession();
        DefaultAgendaEventListener listener = new DefaultAgendaEventListener() {
                @Override
                public void beforeMatchFired(BeforeMatchFiredEvent event) {
                    decision.setCurrentRule(event.getMatch().getRule().getName());
                }

                @Override
                public void afterMatchFired(AfterMatchFiredEvent event) {
                    fired.add(event.getMatch().getRule().getName());
                    decision.setCurrentRule("");
                }
        };
        try {
            session.addEventListener(listener);
            session.insert(decision);
            session.insert(application);
            for (ModelScore score : precomputed) {
                session.insert(score);
            }
            session.fireAllRules();
            List<ScoreSummary> scores = new ArrayList<>();
            for (Object fact : session.getObjects(o -> o instanceof ModelScore)) {
                scores.add(ScoreSummary.of((ModelScore) fact));
            }
            scores.sort((a, b) -> a.model().compareTo(b.model()));
            List<Reason> reasons = new ArrayList<>(decision.getReasons());
            reasons.sort(REASON_ORDER);
            return new DecisionResult(DecisionIds.next().toString(), application.getApplicationId(), decision.getOutcome(),
                    reasons, decision.principalReasons(reasons), decision.getAttributions(),
                    decision.getExplanation(), scores, decision.getCutOffs(), fired, version, clock.instant());
        } finally {
            session.removeEventListener(listener);
            session.dispose(); // a pooled session is reset and returned to the pool
        }
    }

    private static String kjarCoordinates() {
        Properties p = new Properties();
        try (InputStream in = CreditDecisionEngine.class.getClassLoader().getResourceAsStream("credence-rules.properties")) {
            if (in == null) {
                return "unknown";
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read credence-rules.properties", e);
        }
        return p.getProperty("groupId") + ":" + p.getProperty("artifactId") + ":" + p.getProperty("version");
    }

    private static String resource(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    static String digest(Map<String, String> drlFiles) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> e : new TreeMap<>(drlFiles).entrySet()) {
                sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(e.getValue().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

}
