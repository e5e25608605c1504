package io.credence.rules.rulebase;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieContainer;

/**
 * Compiles a policy's DRL files and CSV decision tables into a KieBase (the executable model, as
 * the KJAR is built), and reports what does not compile with the file and line an analyst edits:
 * a decision table's problems name its line, not the DRL Drools generated from it.
 *
 * <pre>{@code
 * KieBase kieBase = PolicyCompiler.compile(PolicyFiles.folder(Path.of("policy")));  // or PolicyException
 * }</pre>
 */
public final class PolicyCompiler {

    /** Where rule files go in the in-memory project: the package the shipped DRL declares. */
    static final String RESOURCES = "src/main/resources/" + PolicyFiles.CLASSPATH_FOLDER;
    /** The comment Drools writes above each rule it generates from a table row. */
    private static final Pattern ROW = Pattern.compile("// rule values at [A-Z]+(\\d+)");
    private static final Pattern CELL = Pattern.compile("\\b[A-Z]{1,3}(\\d+)\\b");
    private static final Pattern UNRESOLVED_TYPE = Pattern.compile("(?:Unable to resolve ObjectType '([^']+)'|Unable to find class: ?'?([\\w.$]+))");
    /** A name Drools quotes in a message, to find the line when it gives none. */
    private static final Pattern QUOTED = Pattern.compile("(?:'([\\w.$]+)'|class: ?([\\w.$]+))");
    private static final Pattern SYNTAX = Pattern.compile("(?:mismatched input|no viable alternative at input|extraneous input) '([^']*)'");
    private static final Pattern UNKNOWN_NAME = Pattern.compile("(?:cannot be resolved|Unable to parse left part of expression|Unknown property|unable to resolve method using strict-mode|Variables can not be used inside bindings)");

    private PolicyCompiler() {
    }

    /**
     * @throws PolicyException listing every compile problem with file and line
     */
    public static KieBase compile(PolicyFiles files) {
        List<PolicyProblem> problems = new ArrayList<>();
        Map<String, String> sources = sources(files, problems);
        if (!problems.isEmpty()) {
            throw new PolicyException("the policy does not compile:", problems);
        }
        KieServices services = KieServices.get();
        KieFileSystem fs = services.newKieFileSystem();
        // Its own release per build: policies compiled at the same time never see each other's rules.
        ReleaseId release = services.newReleaseId("io.credence.policy", "p" + files.digest().substring(0, 16)
                + "-" + System.identityHashCode(fs), "1.0.0");
        fs.generateAndWritePomXML(release);
        sources.forEach((path, text) -> fs.write(RESOURCES + path, text));
        KieBuilder builder = services.newKieBuilder(fs).buildAll(ExecutableModelProject.class);
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        for (Message m : errors) {
            // "Parser returned a null Package" only repeats that the file has a syntax error reported beside it
            if (errors.size() > 1 && m.getText() != null && m.getText().contains("Parser returned a null Package")) {
                continue;
            }
            problems.add(problem(m, files, sources));
        }
        if (!problems.isEmpty()) {
            services.getRepository().removeKieModule(release);
            throw new PolicyException("the policy does not compile:", problems.stream().distinct().sorted().toList());
        }
        KieContainer container = services.newKieContainer(release);
        KieBase kieBase = container.getKieBase();
        services.getRepository().removeKieModule(release);
        return kieBase;
    }

    /** DRL text by path in the project: the DRL files as they are, each decision table as the DRL Drools makes of it. */
    static Map<String, String> sources(PolicyFiles files, List<PolicyProblem> problems) {
        Map<String, String> sources = new LinkedHashMap<>(files.drl());
        files.decisionTables().forEach((name, csv) -> {
            try {
                String drl = new SpreadsheetCompiler().compile(
                        new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), InputType.CSV);
                sources.put(name + ".drl", drl);
            } catch (RuntimeException e) {
                problems.add(tableProblem(name, csv, e));
            }
        });
        return sources;
    }

    /** A decision table Drools cannot read: the cell it names, as a line. */
    static PolicyProblem tableProblem(String name, String csv, RuntimeException e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Matcher cell = CELL.matcher(text);
        int line = cell.find() ? Integer.parseInt(cell.group(1)) : 0;
        return new PolicyProblem(name, line, "this decision table cannot be read: " + text.strip()
                + " (each RuleTable needs, under its name, a row of NAME/CONDITION/ACTION, a row of fact types,"
                + " a row of code snippets and a row of column titles, then one row per rule)");
    }

    private static PolicyProblem problem(Message m, PolicyFiles files, Map<String, String> sources) {
        String path = m.getPath() == null ? "" : m.getPath();
        String file = path.contains("/") ? path.substring(path.lastIndexOf('/') + 1) : path;
        int line = Math.max(m.getLine(), 0);
        String message = analyst(m.getText());
        if (file.endsWith(".csv.drl")) {
            String table = file.substring(0, file.length() - ".drl".length());
            String drl = sources.get(file);
            int row = tableRow(drl, line > 0 ? line : lineOfFragment(drl, m.getText()));
            if (row > 0) {
                return new PolicyProblem(table, row, "the rule of this row does not compile: " + message);
            }
            return new PolicyProblem(table, importLine(files.rules().get(table)),
                    "the table's RuleSet or Import rows do not compile: " + message);
        }
        if (!files.rules().containsKey(file)) {
            return new PolicyProblem("", 0, message + (path.isEmpty() ? "" : " (in " + path + ")"));
        }
        if (line <= 0) {
            line = lineOfName(files.rules().get(file), m.getText());
        }
        return new PolicyProblem(file, line, message);
    }

    /** The table line of the rule that generated DRL line {@code line} came from; 0 when above every rule. */
    private static int tableRow(String drl, int line) {
        String[] lines = drl.split("\n", -1);
        for (int i = Math.min(line, lines.length) - 1; i >= 0; i--) {
            Matcher m = ROW.matcher(lines[i]);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return 0;
    }

    /** The line of generated DRL holding the longest tail of the message (after a ': '); 0 when none does. */
    private static int lineOfFragment(String drl, String message) {
        if (message == null) {
            return 0;
        }
        String[] parts = message.split(": ");
        for (int i = 1; i < parts.length; i++) {
            String tail = String.join(": ", java.util.Arrays.copyOfRange(parts, i, parts.length)).strip();
            int at = tail.isEmpty() ? -1 : drl.indexOf(tail);
            if (at >= 0) {
                return (int) drl.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
            }
        }
        return lineOfName(drl, message);
    }

    /** Where the name a message quotes first appears outside comments; 0 when it does not. */
    private static int lineOfName(String drl, String message) {
        Matcher quoted = QUOTED.matcher(message == null ? "" : message);
        if (!quoted.find()) {
            return 0;
        }
        String name = quoted.group(1) != null ? quoted.group(1) : quoted.group(2);
        String simple = name.substring(name.lastIndexOf('.') + 1);
        String[] lines = PolicyCheck.stripComments(drl).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (Pattern.compile("\\b" + Pattern.quote(simple) + "\\b").matcher(lines[i]).find()) {
                return i + 1;
            }
        }
        return 0;
    }

    private static int importLine(String csv) {
        String[] lines = csv.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("Import") || lines[i].startsWith("\"Import")) {
                return i + 1;
            }
        }
        return 1;
    }

    /** Drools' message in the policy's words, the original kept after it. */
    static String analyst(String drools) {
        String text = drools == null ? "" : drools.strip().replaceAll("\\s+", " ");
        Matcher type = UNRESOLVED_TYPE.matcher(text);
        if (type.find()) {
            return "there is no fact type '" + (type.group(1) != null ? type.group(1) : type.group(2)) + "'; rules match LoanApplication, ModelScore,"
                    + " ModelExplanation, Decision, CutOffBand and Limit (check the spelling and the import lines)"
                    + " [Drools: " + text + "]";
        }
        Matcher syntax = SYNTAX.matcher(text);
        if (syntax.find()) {
            return "the rule is not written correctly near '" + syntax.group(1) + "' (a missing 'when', 'then' or"
                    + " 'end', a parenthesis or a quote?) [Drools: " + text + "]";
        }
        if (UNKNOWN_NAME.matcher(text).find()) {
            return "a name in the rule is not known: a misspelt field, function or variable? [Drools: " + text + "]";
        }
        return text;
    }
}
