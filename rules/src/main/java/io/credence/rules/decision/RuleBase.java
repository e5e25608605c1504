package io.credence.rules.decision;

import io.credence.plugin.explain.ReasonCodeTable;
import io.credence.rules.rulebase.DecisionTableFile;
import io.credence.rules.rulebase.Limit;
import io.credence.rules.rulebase.PolicyCheck;
import io.credence.rules.rulebase.PolicyException;
import io.credence.rules.rulebase.PolicyFiles;
import io.credence.rules.rulebase.PolicyProblem;
import io.credence.rules.rulebase.ReasonCodesFile;
import io.credence.rules.rulebase.ReasonTexts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.drools.model.Model;
import org.drools.modelcompiler.KieBaseBuilder;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;

/**
 * One compiled policy, immutable: the KieBase with its pool of sessions, the limits every session
 * starts with, the reason texts, the model reason codes, the files it was built from and the
 * version recorded with each decision. An engine holds one by reference; a decision runs wholly
 * on the rule base it started with, so replacing the reference swaps policies atomically.
 *
 * <pre>{@code
 * RuleBase shipped = RuleBase.builtIn();                       // the KJAR
 * RuleBase edited = RuleBase.folder(Path.of("policy"));         // credence serve --rules policy
 * CreditDecisionEngine engine = CreditDecisionEngine.of(edited).withModels(registry);
 * }</pre>
 */
public final class RuleBase {

    /** The KieBase name in the KJAR's kmodule.xml. */
    public static final String KIE_BASE = "credit-policy";
    /** Where kie-maven-plugin lists the executable-model classes of this KJAR. */
    public static final String EXECUTABLE_MODEL_INDEX = "META-INF/kie/io.credence/credence-rules/drools-model";

    private final KieBase kieBase;
    private final KieSessionsPool sessions;
    private final RuleBaseVersion version;
    private final PolicyFiles files;
    private final ReasonTexts texts;
    private final ReasonCodeTable reasonCodes;
    private final List<Limit> limits;
    private final Set<String> globals;
    private final Set<String> models;

    private RuleBase(KieBase kieBase, RuleBaseVersion version, PolicyFiles files) {
        List<PolicyProblem> problems = new ArrayList<>();
        ReasonCodesFile codes = files.rules().containsKey(PolicyFiles.REASON_CODES)
                ? ReasonCodesFile.parse(files.rules().get(PolicyFiles.REASON_CODES), PolicyFiles.REASON_CODES) : null;
        List<Limit> all = new ArrayList<>(List.of(Limit.lowest(), Limit.highest()));
        files.decisionTables().forEach((name, csv) -> {
            DecisionTableFile table = DecisionTableFile.parse(csv, name);
            problems.addAll(table.problems());
            all.addAll(table.limits());
        });
        if (codes != null) {
            problems.addAll(codes.problems());
        }
        if (!problems.isEmpty()) {
            throw new PolicyException("the policy " + files.origin() + " cannot be used:", problems);
        }
        this.kieBase = kieBase;
        this.sessions = kieBase.newKieSessionsPool(Runtime.getRuntime().availableProcessors() * 2);
        this.version = version;
        this.files = files;
        this.texts = codes == null ? ReasonTexts.none() : codes.texts();
        this.reasonCodes = codes == null ? ReasonCodeTable.parse("feature,direction,code,text", "(no reason codes)") : codes.modelCodes();
        this.limits = List.copyOf(all);
        Set<String> declared = new HashSet<>();
        for (KiePackage p : kieBase.getKiePackages()) {
            p.getGlobalVariables().forEach(g -> declared.add(g.getName()));
        }
        this.globals = Set.copyOf(declared);
        this.models = PolicyCheck.modelNames(files);
    }

    /**
     * The policy KJAR on the classpath, from its executable model (built by kie-maven-plugin). The
     * model classes are read from {@value #EXECUTABLE_MODEL_INDEX} directly rather than through a
     * classpath KieContainer, so the rules load the same way from the KJAR, from a shaded
     * application jar and from test classes.
     */
    public static RuleBase builtIn() {
        ClassLoader loader = RuleBase.class.getClassLoader();
        List<Model> classes = new ArrayList<>();
        for (String line : PolicyFiles.resource(loader, EXECUTABLE_MODEL_INDEX).split("\\R")) {
            String name = line.strip();
            if (name.isEmpty() || name.contains(":")) {
                continue; // the header line "Drools-Model-Version:..."
            }
            try {
                classes.add((Model) Class.forName(name, true, loader).getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new IllegalStateException("cannot load the executable model class " + name + " listed in "
                        + EXECUTABLE_MODEL_INDEX + "; rebuild the rules module", e);
            }
        }
        if (classes.isEmpty()) {
            throw new IllegalStateException(EXECUTABLE_MODEL_INDEX + " lists no model class; rebuild the rules module");
        }
        PolicyFiles files = PolicyFiles.classpath();
        return new RuleBase(KieBaseBuilder.createKieBaseFromModel(classes),
                new RuleBaseVersion(kjarCoordinates(), files.digest()), files);
    }

    /**
     * A policy folder an analyst edits ({@code credence rules export} writes one): compiled, and
     * checked as {@code credence rules check} checks it, except for which models are loaded.
     *
     * @throws PolicyException listing every problem with file and line
     */
    public static RuleBase folder(Path dir) {
        PolicyFiles files = PolicyFiles.folder(dir);
        return compile(files, "folder:" + files.origin() + " " + files.rules().keySet());
    }

    /**
     * Policy files compiled at run time.
     *
     * @param coordinates what the decisions record as the rule base's name, e.g. {@code runtime}
     * @throws PolicyException listing every problem with file and line
     */
    public static RuleBase compile(PolicyFiles files, String coordinates) {
        PolicyCheck.Result check = PolicyCheck.run(files, null);
        if (!check.clean()) {
            throw new PolicyException("the policy " + files.origin() + " has problems:", check.problems());
        }
        return new RuleBase(check.kieBase(), new RuleBaseVersion(coordinates, files.digest()), files);
    }

    /** Only the compile step, for rule files that are not a whole policy (tests of single rules). */
    static RuleBase compileOnly(PolicyFiles files, String coordinates) {
        return new RuleBase(io.credence.rules.rulebase.PolicyCompiler.compile(files), new RuleBaseVersion(coordinates,
                files.digest()), files);
    }

    public RuleBaseVersion version() {
        return version;
    }

    public PolicyFiles files() {
        return files;
    }

    public KieBase kieBase() {
        return kieBase;
    }

    /** The texts of the codes rules give. */
    public ReasonTexts texts() {
        return texts;
    }

    /** The model's reason codes by feature. */
    public ReasonCodeTable reasonCodes() {
        return reasonCodes;
    }

    /** The limits every session starts with, {@link Limit#LOWEST} and {@link Limit#HIGHEST} first. */
    public List<Limit> limits() {
        return limits;
    }

    /** The models the rules score and bands are on, by name. */
    public Set<String> models() {
        return models;
    }

    boolean declares(String global) {
        return globals.contains(global);
    }

    /** A session from the pool; dispose it to return it. */
    KieSession newSession() {
        return sessions.newKieSession();
    }

    private static String kjarCoordinates() {
        Properties p = new Properties();
        try (InputStream in = RuleBase.class.getClassLoader().getResourceAsStream("credence-rules.properties")) {
            if (in == null) {
                return "unknown";
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read credence-rules.properties", e);
        }
        return p.getProperty("groupId") + ":" + p.getProperty("artifactId") + ":" + p.getProperty("version");
    }

    @Override
    public String toString() {
        return "RuleBase[" + version.coordinates() + ", " + version.drlSha256().substring(0, 12) + "]";
    }
}
