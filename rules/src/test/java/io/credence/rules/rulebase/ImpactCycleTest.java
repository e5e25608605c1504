package io.credence.rules.rulebase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.drl.ModelScore;
import io.credence.plugin.drl.RuleModels;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.rules.application.EmploymentStatus;
import io.credence.rules.application.LoanApplication;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.service.AuditLogFactory;
import io.credence.rules.service.ServiceModels;
import io.credence.rules.service.ServiceRuntime;
import io.credence.rules.service.ServiceSettings;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The analysts' cycle through {@code rules impact}: export, move the debt-to-income knock-out
 * from 45 % to 50 % (one edit), check, test, then decide a synthetic portfolio with the built-in
 * and the edited policy, the model scoring every row. The expected swaps are counted here
 * independently: from the applications' own debt-to-income and the model's probability, scored
 * directly with the registry, without the rules.
 */
class ImpactCycleTest {

    static final int APPLICATIONS = 1200;
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String[] CHECKING = {"NEGATIVE", "LOW", "HIGH", "NONE"};
    static final String[] HISTORY = {"NO_CREDITS_OR_ALL_PAID", "ALL_PAID_HERE", "EXISTING_PAID_DULY", "PAST_DELAYS", "CRITICAL_ACCOUNT"};
    static final String[] SAVINGS = {"UNDER_100", "FROM_100_TO_500", "FROM_500_TO_1000", "OVER_1000", "NONE"};
    static final String[] EMPLOYMENT = {"UNEMPLOYED", "UNDER_1_YEAR", "FROM_1_TO_4_YEARS", "FROM_4_TO_7_YEARS", "OVER_7_YEARS"};
    static final String[] PROPERTY = {"REAL_ESTATE", "SAVINGS_OR_LIFE_INSURANCE", "CAR_OR_OTHER", "NONE"};

    static ModelRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void models() {
        registry = ServiceModels.load(null, "cpu");
    }

    @AfterAll
    static void close() {
        registry.close();
    }

    /** One synthetic application: its cells by column, and the same as the engine's fact. */
    record Synthetic(Map<String, String> cells, LoanApplication application) {
    }

    /** Debt-to-income spread from 10 % to 70 %, some under-age, unemployed, delinquent, large or incomeless applicants. */
    static List<Synthetic> portfolio(int n, long seed) {
        Random random = new Random(seed);
        List<Synthetic> out = new ArrayList<>();
        EmploymentStatus[] statuses = EmploymentStatus.values();
        for (int i = 0; i < n; i++) {
            int age = 17 + random.nextInt(55);
            int income = random.nextInt(40) == 0 ? 0 : 1500 + 50 * random.nextInt(150);
            int term = 12 + 6 * random.nextInt(9);
            int amount = random.nextInt(30) == 0 ? 55000 : 1000 + 100 * random.nextInt(200);
            double dti = 0.10 + 0.60 * random.nextDouble();
            double debts = Math.max(0, Math.round((dti * income - (double) amount / term) * 100) / 100.0);
            String debtText = String.format(Locale.ROOT, "%.2f", debts);
            EmploymentStatus status = random.nextInt(10) == 0 ? statuses[random.nextInt(statuses.length)] : EmploymentStatus.EMPLOYED;
            int delinquency = random.nextInt(10) == 0 ? 1 + random.nextInt(4) : 0;
            Map<String, String> cells = new LinkedHashMap<>();
            cells.put("applicationId", "SYN-" + i);
            cells.put("applicantAge", Integer.toString(age));
            cells.put("monthlyIncome", Integer.toString(income));
            cells.put("monthlyDebtPayments", debtText);
            cells.put("requestedAmount", Integer.toString(amount));
            cells.put("termMonths", Integer.toString(term));
            cells.put("employmentStatus", status.name());
            cells.put("worstDelinquencyMonths", Integer.toString(delinquency));
            Map<String, Object> inputs = new LinkedHashMap<>();
            inputs.put("checkingAccount", CHECKING[random.nextInt(CHECKING.length)]);
            inputs.put("creditHistory", HISTORY[random.nextInt(HISTORY.length)]);
            inputs.put("purpose", "RADIO_TV");
            inputs.put("savings", SAVINGS[random.nextInt(SAVINGS.length)]);
            inputs.put("employmentLength", EMPLOYMENT[random.nextInt(EMPLOYMENT.length)]);
            inputs.put("installmentRatePct", (double) (1 + random.nextInt(4)));
            inputs.put("otherDebtors", "NONE");
            inputs.put("residenceYears", (double) (1 + random.nextInt(4)));
            inputs.put("property", PROPERTY[random.nextInt(PROPERTY.length)]);
            inputs.put("otherInstallmentPlans", "NONE");
            inputs.put("housing", "OWN");
            inputs.put("existingCredits", 1.0);
            inputs.put("job", "SKILLED");
            inputs.put("dependents", 1.0);
            inputs.put("telephone", "REGISTERED");
            inputs.forEach((k, v) -> cells.put("modelInputs." + k, v instanceof Double d ? Integer.toString(d.intValue()) : (String) v));
            out.add(new Synthetic(cells, new LoanApplication("SYN-" + i, age, income, Double.parseDouble(debtText), amount, term,
                    status, delinquency, inputs)));
        }
        return out;
    }

    static Path writeCsv(Path file, List<Synthetic> rows, String... extraLines) throws Exception {
        StringBuilder csv = new StringBuilder(String.join(",", rows.get(0).cells().keySet())).append('\n');
        for (Synthetic s : rows) {
            csv.append(String.join(",", s.cells().values())).append('\n');
        }
        for (String line : extraLines) {
            csv.append(line).append('\n');
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return file;
    }

    static Path writeJsonLines(Path file, List<Synthetic> rows) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (Synthetic s : rows) {
            lines.append(json(s.application(), s.application().getApplicationId())).append('\n');
        }
        Files.writeString(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    /** The application as the service's JSON, under {@code applicationId}. */
    static String json(LoanApplication a, String applicationId) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("applicationId", applicationId);
        json.put("applicantAge", a.getApplicantAge());
        json.put("monthlyIncome", a.getMonthlyIncome());
        json.put("monthlyDebtPayments", a.getMonthlyDebtPayments());
        json.put("requestedAmount", a.getRequestedAmount());
        json.put("termMonths", a.getTermMonths());
        json.put("employmentStatus", a.getEmploymentStatus().name());
        json.put("worstDelinquencyMonths", a.getWorstDelinquencyMonths());
        json.put("modelInputs", a.getModelInputs());
        return JSON.writeValueAsString(json);
    }

    /** The exported policy with the one edit: the debt-to-income knock-out from 45 % to 50 %. */
    Path editedPolicy() throws Exception {
        Path policy = dir.resolve("policy");
        assertEquals(0, PolicyCycleTest.rules("export", "--out", policy.toString()).exit());
        PolicyCycleTest.replaceOnce(policy.resolve("cut-offs.drl.csv"), "Limit,policy.max_debt_to_income,0.45,",
                "Limit,policy.max_debt_to_income,0.50,");
        PolicyCycleTest.replaceOnce(policy.resolve("scenarios/knock-outs.csv"), "0.05,DECLINE,KO_DEBT_TO_INCOME;MODEL_LOW_RISK",
                "0.05,REFER,REFER_DEBT_TO_INCOME;MODEL_LOW_RISK");
        return policy;
    }

    static boolean inMovedBand(LoanApplication a) {
        return a.getMonthlyIncome() > 0 && a.getDebtToIncome() > 0.45 && a.getDebtToIncome() <= 0.50;
    }

    @Test
    void movingTheDebtToIncomeLimitRefersTheApplicationsBetweenTheLimitsThatNoOtherRuleDeclines() throws Exception {
        Path policy = editedPolicy();
        PolicyCycleTest.Run check = PolicyCycleTest.rules("check", policy.toString());
        assertEquals(0, check.exit(), check.out());
        PolicyCycleTest.Run test = PolicyCycleTest.rules("test", policy.toString());
        assertEquals(0, test.exit(), test.out());

        List<Synthetic> rows = portfolio(APPLICATIONS, 14);
        Path csv = writeCsv(dir.resolve("portfolio.csv"), rows);
        Path out = dir.resolve("impact");
        PolicyCycleTest.Run impact = PolicyCycleTest.rules("impact", "--baseline", "builtin", "--candidate", policy.toString(),
                "--applications", csv.toString(), "--out", out.toString(), "--examples", "3", "--threads", "2");
        assertEquals(0, impact.exit(), impact.out());

        // independently: the applications between the old and the new limit, and of them those no other rule declines
        RuleModels models = RuleModels.of(registry);
        long moved = 0;
        long swapped = 0;
        for (Synthetic s : rows) {
            LoanApplication a = s.application();
            if (!inMovedBand(a)) {
                continue;
            }
            moved++;
            ModelScore score = models.score("credit-default", a);
            assertTrue(score.isScored(), "the synthetic rows are ones the model scores: " + score.getFailure());
            boolean otherDecline = a.getApplicantAge() < 18 || a.getWorstDelinquencyMonths() >= 3 || score.getProbability() > 0.35;
            if (!otherDecline) {
                swapped++;
            }
        }
        assertTrue(swapped >= 10 && moved > swapped, "the portfolio exercises the edit: " + moved + " moved, " + swapped + " swapped");

        JsonNode report = JSON.readTree(Files.readString(out.resolve("impact.json")));
        JsonNode matrix = report.get("matrix");
        String[] outcomes = {"APPROVE", "REFER", "DECLINE"};
        long diagonal = 0;
        for (String from : outcomes) {
            for (String to : outcomes) {
                long n = matrix.get(from).get(to).longValue();
                if (from.equals(to)) {
                    diagonal += n;
                } else if (from.equals("DECLINE") && to.equals("REFER")) {
                    assertEquals(swapped, n, "DECLINE -> REFER");
                } else {
                    assertEquals(0, n, from + " -> " + to + ": only the moved band changes");
                }
            }
        }
        assertEquals(APPLICATIONS - swapped, diagonal);
        assertEquals(swapped, report.get("changed").longValue());
        assertEquals(APPLICATIONS, report.get("applications").get("read").longValue());
        assertEquals(APPLICATIONS, report.get("applications").get("decided").longValue());
        assertEquals(0, report.get("applications").get("rejected").longValue());

        Map<String, long[]> codes = new LinkedHashMap<>();
        report.get("reasonCodes").forEach(r -> codes.put(r.get("code").asString(),
                new long[] {r.get("baseline").longValue(), r.get("candidate").longValue()}));
        assertEquals(List.of("KO_DEBT_TO_INCOME", "REFER_DEBT_TO_INCOME"), List.copyOf(codes.keySet()),
                "the band moves, no other reason code changes");
        long declinedForDti = rows.stream().filter(s -> s.application().getMonthlyIncome() > 0
                && s.application().getDebtToIncome() > 0.45).count();
        long referredForDti = rows.stream().filter(s -> s.application().getMonthlyIncome() > 0
                && s.application().getDebtToIncome() > 0.36 && s.application().getDebtToIncome() <= 0.45).count();
        assertEquals(declinedForDti, codes.get("KO_DEBT_TO_INCOME")[0]);
        assertEquals(declinedForDti - moved, codes.get("KO_DEBT_TO_INCOME")[1]);
        assertEquals(referredForDti, codes.get("REFER_DEBT_TO_INCOME")[0]);
        assertEquals(referredForDti + moved, codes.get("REFER_DEBT_TO_INCOME")[1]);

        JsonNode rates = report.get("rates");
        long baselineDeclined = rates.get("baseline").get("declined").longValue();
        assertEquals(baselineDeclined - swapped, rates.get("candidate").get("declined").longValue());
        assertEquals((double) baselineDeclined / APPLICATIONS, rates.get("baseline").get("declineRate").doubleValue(), 1e-12);
        assertEquals(RuleBaseSha.builtIn(), report.get("baseline").get("drlSha256").asString());
        assertTrue(report.get("candidate").get("coordinates").asString().startsWith("folder:"), report.toString());
        assertTrue(report.get("candidate").get("files").toString().contains("cut-offs.drl.csv"));

        JsonNode cell = report.get("examples").get(0);
        assertEquals("DECLINE", cell.get("baseline").asString());
        assertEquals("REFER", cell.get("candidate").asString());
        assertEquals(3, cell.get("applications").size(), "--examples 3");
        for (JsonNode e : cell.get("applications")) {
            LoanApplication a = rows.get(Integer.parseInt(e.get("applicationId").asString().substring(4))).application();
            assertTrue(inMovedBand(a), "an example lies in the moved band: " + e);
            assertEquals(Integer.parseInt(e.get("applicationId").asString().substring(4)) + 2, e.get("line").longValue());
            assertTrue(e.get("baselineReasons").toString().contains("KO_DEBT_TO_INCOME"), e.toString());
            assertTrue(e.get("candidateReasons").toString().contains("REFER_DEBT_TO_INCOME"), e.toString());
        }

        // the page: a well-formed matrix table whose numbers are the JSON's, examples, nothing fetched
        Document page = Jsoup.parse(Files.readString(out.resolve("impact.html")));
        Element table = page.selectFirst("table#swap-matrix");
        assertTrue(table != null, "the page has the swap matrix");
        Elements header = table.select("thead tr th");
        assertEquals(List.of("baseline \\ candidate", "APPROVE", "REFER", "DECLINE", "total"), header.eachText());
        Elements body = table.select("tbody tr");
        assertEquals(3, body.size());
        for (int i = 0; i < 3; i++) {
            Element row = body.get(i);
            assertEquals(outcomes[i], row.selectFirst("th").text());
            Elements cells = row.select("td");
            assertEquals(4, cells.size());
            long total = 0;
            for (int j = 0; j < 3; j++) {
                assertEquals(matrix.get(outcomes[i]).get(outcomes[j]).longValue(), Long.parseLong(cells.get(j).text()),
                        outcomes[i] + " -> " + outcomes[j]);
                total += Long.parseLong(cells.get(j).text());
            }
            assertEquals(total, Long.parseLong(cells.get(3).text()));
        }
        Elements examples = page.select("table.examples[data-baseline=DECLINE][data-candidate=REFER] tr");
        assertEquals(1 + 3, examples.size(), "a header row and the three examples");
        assertTrue(page.select("script").isEmpty(), "no script");
        assertTrue(page.select("[src], link[href]").isEmpty(), "nothing fetched");
        assertEquals(2, page.select("svg").size(), "the rates and the reason-code charts");
        assertFalse(page.html().contains("modelInputs") || page.html().contains("checkingAccount"),
                "no application data beyond the id and the decisions");
        assertTrue(impact.out().contains("DECLINE") && impact.out().contains("wrote "), impact.out());
    }

    /**
     * The cycle's last step: a service deciding with the exported folder takes the edited one by
     * {@code POST /admin/rules/reload}; the same application is declined before and referred after,
     * and each audit record names the rule base that decided it.
     */
    @Test
    void aRunningServiceTakesTheEditedFolderByReloadAndEachRecordNamesItsRuleBase() throws Exception {
        Path policy = dir.resolve("served");
        assertEquals(0, PolicyCycleTest.rules("export", "--out", policy.toString()).exit());
        RuleModels models = RuleModels.of(registry);
        LoanApplication applicant = portfolio(APPLICATIONS, 14).stream().map(Synthetic::application)
                .filter(a -> inMovedBand(a) && a.getApplicantAge() >= 18 && a.getWorstDelinquencyMonths() == 0
                        && a.getEmploymentStatus() == EmploymentStatus.EMPLOYED && a.getRequestedAmount() < 50000
                        && models.score("credit-default", a).getProbability() <= 0.35)
                .findFirst().orElseThrow();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> settings = new HashMap<>();
        settings.put("credence.http.host", "127.0.0.1");
        settings.put("credence.http.port", Integer.toString(port));
        settings.put("credence.rules.dir", policy.toString());
        settings.put("credence.execution-provider", "cpu");
        settings.put("credence.audit.db", "jdbc:h2:file:" + dir.resolve("audit"));
        settings.put("credence.audit.append-timeout", "60s");   // a shared, loaded test machine must not fail the request
        HttpClient http = HttpClient.newHttpClient();
        try (ServiceRuntime service = ServiceRuntime.start(
                ServiceSettings.load(settings), AuditLogFactory.JDBC)) {
            String base = "http://127.0.0.1:" + port;
            HttpResponse<String> before = post(http, base + "/api/v1/decisions", json(applicant, "CYCLE-BEFORE"));
            assertEquals(200, before.statusCode(), before.body());
            assertEquals("DECLINE", JSON.readTree(before.body()).get("decision").asString(), before.body());

            // the edit, checked and tested as an analyst would, in the folder the service serves
            PolicyCycleTest.replaceOnce(policy.resolve("cut-offs.drl.csv"), "Limit,policy.max_debt_to_income,0.45,",
                    "Limit,policy.max_debt_to_income,0.50,");
            PolicyCycleTest.replaceOnce(policy.resolve("scenarios/knock-outs.csv"), "0.05,DECLINE,KO_DEBT_TO_INCOME;MODEL_LOW_RISK",
                    "0.05,REFER,REFER_DEBT_TO_INCOME;MODEL_LOW_RISK");
            assertEquals(0, PolicyCycleTest.rules("check", policy.toString()).exit());
            assertEquals(0, PolicyCycleTest.rules("test", policy.toString()).exit());
            HttpResponse<String> reload = post(http, base + "/admin/rules/reload", null);
            assertEquals(200, reload.statusCode(), reload.body());
            JsonNode swapped = JSON.readTree(reload.body());
            assertEquals("swapped", swapped.get("result").asString(), reload.body());

            HttpResponse<String> after = post(http, base + "/api/v1/decisions", json(applicant, "CYCLE-AFTER"));
            assertEquals(200, after.statusCode(), after.body());
            assertEquals("REFER", JSON.readTree(after.body()).get("decision").asString(), after.body());

            AuditEntry first = service.audit().find(JSON.readTree(before.body()).get("decisionId").asString()).orElseThrow().entry();
            AuditEntry second = service.audit().find(JSON.readTree(after.body()).get("decisionId").asString()).orElseThrow().entry();
            assertTrue(first.reasons().stream().anyMatch(r -> r.code().equals("KO_DEBT_TO_INCOME")), first.reasons().toString());
            assertTrue(second.reasons().stream().anyMatch(r -> r.code().equals("REFER_DEBT_TO_INCOME")), second.reasons().toString());
            assertFalse(first.ruleBase().drlSha256().equals(second.ruleBase().drlSha256()), "two rule bases decided");
            assertEquals(swapped.at("/serving/ruleBase/drlSha256").asString(), second.ruleBase().drlSha256());
            assertTrue(second.ruleBase().coordinates().contains("cut-offs.drl.csv"), "the record names the files: "
                    + second.ruleBase().coordinates());
            assertEquals(0.50, second.cutOffs().get("policy.max_debt_to_income"), 1e-12, "the recorded cut-off follows the edit");
        }
    }

    static HttpResponse<String> post(HttpClient http, String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aJsonLinesPortfolioGivesTheSameReportAsTheCsvOneAndBadRowsAreCountedWithLineAndField() throws Exception {
        Path policy = editedPolicy();
        List<Synthetic> rows = portfolio(300, 7);
        Path csv = writeCsv(dir.resolve("portfolio.csv"), rows,
                "BAD-AGE,abc,4000,100,5000,24,EMPLOYED,0" + ",NONE".repeat(0) + tail(rows),
                "BAD-STATUS,40,4000,100,5000,24,ALIEN,0" + tail(rows),
                "SHORT,40,4000");
        Path jsonl = writeJsonLines(dir.resolve("portfolio.jsonl"), rows);
        Files.writeString(jsonl, Files.readString(jsonl) + "{\"applicationId\": \"BAD-JSON\", \"applicantAge\": 40,}\n");

        PolicyCycleTest.Run fromCsv = PolicyCycleTest.rules("impact", "--baseline", "builtin", "--candidate", policy.toString(),
                "--applications", csv.toString(), "--out", dir.resolve("csv").toString());
        PolicyCycleTest.Run fromJson = PolicyCycleTest.rules("impact", "--baseline", "builtin", "--candidate", policy.toString(),
                "--applications", jsonl.toString(), "--out", dir.resolve("jsonl").toString());

        assertEquals(1, fromCsv.exit(), "rows were rejected: " + fromCsv.out());
        assertEquals(1, fromJson.exit(), fromJson.out());
        JsonNode a = JSON.readTree(Files.readString(dir.resolve("csv/impact.json")));
        JsonNode b = JSON.readTree(Files.readString(dir.resolve("jsonl/impact.json")));
        assertEquals(a.get("matrix"), b.get("matrix"));
        assertEquals(a.get("reasonCodes"), b.get("reasonCodes"));
        assertEquals(a.get("rates"), b.get("rates"));
        assertEquals(300, a.get("applications").get("decided").longValue());
        assertEquals(3, a.get("applications").get("rejected").longValue());
        assertEquals(303, a.get("applications").get("read").longValue());
        assertEquals(1, b.get("applications").get("rejected").longValue());

        JsonNode rejected = a.get("rejectedRows");
        assertEquals(302, rejected.get(0).get("line").longValue());
        assertTrue(rejected.get(0).get("problem").asString().startsWith("applicantAge: expected "), rejected.toString());
        assertFalse(rejected.get(0).get("problem").asString().contains("abc"), "no value of the row in the report");
        assertEquals(303, rejected.get(1).get("line").longValue());
        assertTrue(rejected.get(1).get("problem").asString().startsWith("employmentStatus: expected "), rejected.toString());
        assertEquals("BAD-STATUS", rejected.get(1).get("applicationId").asString());
        assertEquals(304, rejected.get(2).get("line").longValue());
        assertTrue(rejected.get(2).get("problem").asString().contains("columns"), rejected.toString());
        assertTrue(fromCsv.out().contains("rejected line 302: applicantAge: expected"), fromCsv.out());
        assertEquals(301, b.get("rejectedRows").get(0).get("line").longValue());

        Document page = Jsoup.parse(Files.readString(dir.resolve("csv/impact.html")));
        assertEquals(List.of("302", "303", "304"), page.select("table#rejected-rows td:eq(0)").eachText());
    }

    @Test
    void wrongArgumentsExitWithTwoAndAnUnusableInputWithOne() throws Exception {
        Path policy = editedPolicy();
        PolicyCycleTest.Run missing = PolicyCycleTest.rules("impact", "--baseline", "builtin", "--candidate", policy.toString());
        assertEquals(2, missing.exit(), missing.out());
        assertTrue(missing.out().contains("--applications"), missing.out());

        Path wrongColumns = dir.resolve("wrong.csv");
        Files.writeString(wrongColumns, "applicationId,applicantAge,salary\nA-1,40,4000\n");
        PolicyCycleTest.Run header = PolicyCycleTest.rules("impact", "--baseline", "builtin", "--candidate", policy.toString(),
                "--applications", wrongColumns.toString(), "--out", dir.resolve("o").toString());
        assertEquals(1, header.exit(), header.out());
        assertTrue(header.out().contains("line 1: unknown column 'salary'"), header.out());
        assertTrue(header.out().contains("the column 'monthlyIncome' is missing"), header.out());
        assertFalse(Files.exists(dir.resolve("o/impact.json")), "nothing written");

        PolicyCycleTest.Run none = PolicyCycleTest.rules("impact", "--baseline", "builtin", "--candidate", policy.toString(),
                "--applications", dir.resolve("absent.csv").toString(), "--out", dir.resolve("o").toString());
        assertEquals(1, none.exit(), none.out());
        assertTrue(none.out().contains("absent.csv is not a file"), none.out());
    }

    /** The model-input cells of the first row, to complete a bad row. */
    private static String tail(List<Synthetic> rows) {
        StringBuilder s = new StringBuilder();
        rows.get(0).cells().forEach((k, v) -> {
            if (k.startsWith("modelInputs.")) {
                s.append(',').append(v);
            }
        });
        return s.toString();
    }

    /** The built-in rule base's digest. */
    static final class RuleBaseSha {
        static String builtIn() {
            return io.credence.rules.decision.RuleBase.builtIn().version().drlSha256();
        }
    }
}
