package io.credence.rules.service.reload;

import io.credence.rules.decision.RuleBaseVersion;
import io.credence.rules.rulebase.PolicyProblem;
import io.credence.rules.rulebase.scenario.ScenarioResult;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one reload did: swapped in a new state, or refused it (the old one keeps serving) and why.
 *
 * @param kind            {@code rules} or {@code models}
 * @param trigger         {@code admin} (the HTTP request) or {@code watch} (a change in the models folder)
 * @param result          swapped, refused (the new state did not pass), or unavailable (nothing to reload from)
 * @param message         one sentence for people
 * @param problems        the policy's check problems, with file and line (rules)
 * @param failedScenarios the scenarios the new policy failed (rules)
 * @param refusedModels   why model packages were refused, each naming the file (models)
 * @param serving         what serves after this reload (the new state when swapped, the old one otherwise)
 * @param at              when the reload ended
 */
public record ReloadResult(String kind, String trigger, Result result, String message, List<PolicyProblem> problems,
                           List<ScenarioResult> failedScenarios, List<String> refusedModels, Serving serving, Instant at) {

    /** How a reload ended; {@link #label()} is what the answer, the health detail and the metric say. */
    public enum Result {
        SWAPPED(200), REFUSED(422), UNAVAILABLE(409);

        private final int status;

        Result(int status) {
            this.status = status;
        }

        /** The HTTP status of the answer: 200, 422 (the new state failed its checks), 409 (no folder to reload from). */
        public int status() {
            return status;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What serves: the state's generation, its rule base and its model versions.
     *
     * @param models {@code name@version} of each loaded model version
     * @param routing  one line per routed model (champion, challenger and share, shadows); empty without routing
     */
    public record Serving(long generation, RuleBaseVersion ruleBase, List<String> models, List<String> routing) {
        public Serving {
            models = List.copyOf(models);
            routing = List.copyOf(routing);
        }

        static Serving of(DecisionState state) {
            List<String> models = state.models() == null ? List.of()
                    : state.models().cards().stream().map(c -> c.id()).sorted().toList();
            List<String> routing = state.models() == null ? List.of() : state.models().routing().describe();
            return new Serving(state.generation(), state.engine().ruleBase(), models, routing);
        }
    }

    public ReloadResult {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(result, "result");
        problems = List.copyOf(problems);
        failedScenarios = List.copyOf(failedScenarios);
        refusedModels = List.copyOf(refusedModels);
    }

    public boolean swapped() {
        return result == Result.SWAPPED;
    }

    /** The answer of {@code POST /admin/rules/reload} and {@code POST /admin/models/reload}, and the health detail. */
    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode out = f.objectNode();
        out.put("kind", kind).put("trigger", trigger).put("result", result.label()).put("message", message)
                .put("at", at.toString());
        if (!problems.isEmpty()) {
            ArrayNode list = out.putArray("problems");
            problems.forEach(p -> list.addObject().put("file", p.file()).put("line", p.line()).put("message", p.message()));
        }
        if (!failedScenarios.isEmpty()) {
            ArrayNode list = out.putArray("failedScenarios");
            for (ScenarioResult r : failedScenarios) {
                ObjectNode s = list.addObject().put("scenario", r.scenario().applicationId()).put("where", r.scenario().where())
                        .put("decision", r.decision() == null ? null : r.decision().name());
                r.differences().forEach(s.putArray("differences")::add);
            }
        }
        if (!refusedModels.isEmpty()) {
            refusedModels.forEach(out.putArray("refusedModels")::add);
        }
        ObjectNode now = out.putObject("serving");
        now.put("generation", serving.generation());
        now.putObject("ruleBase").put("coordinates", serving.ruleBase().coordinates())
                .put("drlSha256", serving.ruleBase().drlSha256());
        serving.models().forEach(now.putArray("models")::add);
        if (!serving.routing().isEmpty()) {
            serving.routing().forEach(now.putArray("routing")::add);
        }
        return out;
    }
}
