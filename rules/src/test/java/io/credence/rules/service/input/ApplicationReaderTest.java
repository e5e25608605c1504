package io.credence.rules.service.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.application.EmploymentStatus;
import io.credence.rules.application.LoanApplication;
import io.credence.rules.service.ServiceFixture;
import tools.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** The input contract: every class of bad input is refused with violations naming the field. */
class ApplicationReaderTest {

    private static final ApplicationReader READER = ServiceFixture.READER;

    static final String VALID = """
            {"applicationId": "APP-1", "applicantAge": 35, "monthlyIncome": 4000.50, "monthlyDebtPayments": 0,
             "requestedAmount": 12000, "termMonths": 24, "employmentStatus": "SELF_EMPLOYED",
             "worstDelinquencyMonths": 0,
             "modelInputs": {"checkingAccount": "NEGATIVE", "existingCredits": 2, "balances": [1, 2.5, 3]}}""";

    static List<Violation> violations(String json) {
        return assertThrows(InvalidApplicationException.class, () -> READER.read(json)).violations();
    }

    static Violation only(String json) {
        List<Violation> found = violations(json);
        assertEquals(1, found.size(), found.toString());
        return found.get(0);
    }

    static String with(String field, String value) {
        return VALID.replaceFirst("\"" + field + "\": [^,}]+", Matcher.quoteReplacement("\"" + field + "\": " + value));
    }

    @Test
    void readsAValidApplicationWithItsModelInputs() {
        LoanApplication a = READER.read(VALID);
        assertEquals("APP-1", a.getApplicationId());
        assertEquals(4000.50, a.getMonthlyIncome());
        assertEquals(EmploymentStatus.SELF_EMPLOYED, a.getEmploymentStatus());
        assertEquals("NEGATIVE", a.getModelInputs().get("checkingAccount"));
        assertEquals(2.0, a.getModelInputs().get("existingCredits"));
        assertEquals(List.of(1.0, 2.5, 3.0), a.getModelInputs().get("balances"));
    }

    static String withHistory(String months) {
        return VALID.replace("\"modelInputs\":", "\"repaymentHistory\": [" + months + "], \"modelInputs\":");
    }

    static String month(int status) {
        return "{\"status\": " + status + ", \"billAmount\": 1000, \"paymentAmount\": 100}";
    }

    @Test
    void readsARepaymentHistoryOldestFirstAndNamesEachFieldOfABadOne() {
        String six = String.join(", ", month(-1), month(0), month(0), month(1), month(2), month(3));
        LoanApplication a = READER.read(withHistory(six));
        assertEquals(6, a.getRepaymentHistory().size());
        assertEquals(new io.credence.rules.application.RepaymentMonth(3, 1000, 100), a.getRepaymentHistory().get(5));
        assertEquals(List.of(-1.0, 0.0, 0.0, 1.0, 2.0, 3.0), a.feature("repaymentStatus"));
        assertEquals(List.of(), READER.read(VALID).getRepaymentHistory(), "no history: none");
        assertEquals(io.credence.plugin.encode.FeatureSource.ABSENT, READER.read(VALID).feature("repaymentStatus"));

        String five = String.join(", ", month(0), month(0), month(0), month(0), month(0));
        assertEquals(new Violation("repaymentHistory", "array of 5", "at least 6 items"), only(withHistory(five)));
        assertEquals(new Violation("repaymentHistory", "array of 7", "at most 6 items"),
                only(withHistory(five + ", " + month(0) + ", " + month(0))));
        assertEquals(new Violation("repaymentHistory[5].status", "10", "<= 9"),
                only(withHistory(five + ", " + month(10))));
        assertEquals(new Violation("repaymentHistory[0].paymentAmount", null, "a value (the field is required)"),
                only(withHistory("{\"status\": 0, \"billAmount\": 1}, " + five)));
        assertEquals(new Violation("repaymentHistory[2].paymentAmount", "-5", ">= 0"),
                only(withHistory(month(0) + ", " + month(0) + ", {\"status\": 0, \"billAmount\": 1, \"paymentAmount\": -5}, "
                        + String.join(", ", month(0), month(0), month(0)))));
    }

    @Test
    void aCsvColumnNamedRepaymentHistoryIsRefusedNotTakenAsAModelInput() {
        CsvApplications csv = new CsvApplications("applicationId,applicantAge,monthlyIncome,monthlyDebtPayments,"
                + "requestedAmount,termMonths,employmentStatus,worstDelinquencyMonths,repaymentHistory");
        JsonNode row = csv.row("CSV-1,35,4000,0,12000,24,EMPLOYED,0,0/1000/100");
        List<Violation> found = assertThrows(InvalidApplicationException.class,
                () -> READER.toApplication(row)).violations();
        assertEquals(List.of(new Violation("repaymentHistory", "0/1000/100", "an array")), found);
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
        Violation v = only("{\"applicationId\": \"APP-1\",\n  \"applicantAge\": 35,,\n}");
        assertEquals(Violation.WHOLE_INPUT, v.field());
        assertTrue(v.expected().startsWith("well-formed JSON"), v.expected());
        assertTrue(v.expected().contains("line 2, column"), v.expected());
    }

    @Test
    void rejectsNaNAndInfinityLiterals() {
        for (String literal : List.of("NaN", "Infinity", "-Infinity")) {
            Violation v = only(with("monthlyIncome", literal));
            assertTrue(v.expected().contains("NaN and Infinity are not JSON"), literal + ": " + v.expected());
            assertTrue(v.expected().contains("line 1, column"), v.expected());
        }
    }

    @Test
    void rejectsUnknownTopLevelFieldsNamingThem() {
        Violation v = only(VALID.replace("{\"applicationId\"", "{\"creditScore\": 700, \"applicationId\""));
        assertEquals("creditScore", v.field());
        assertEquals("700", v.value());
        assertTrue(v.expected().contains("unknown top-level fields are rejected"), v.expected());
    }

    @Test
    void rejectsNumbersOutOfRangeNamingFieldValueAndBound() {
        assertEquals(new Violation("applicantAge", "131", "<= 130"), only(with("applicantAge", "131")));
        assertEquals(new Violation("monthlyIncome", "-1", ">= 0"), only(with("monthlyIncome", "-1")));
        assertEquals(new Violation("termMonths", "0", ">= 1"), only(with("termMonths", "0")));
        assertEquals(new Violation("termMonths", "481", "<= 480"), only(with("termMonths", "481")));
        assertEquals(new Violation("worstDelinquencyMonths", "13", "<= 12"), only(with("worstDelinquencyMonths", "13")));
    }

    @Test
    void aHugeExponentIsOutOfRangeNotInfinity() {
        Violation v = only(with("requestedAmount", "1e400"));
        assertEquals("requestedAmount", v.field());
        assertTrue(v.expected().startsWith("<= "), v.expected());
    }

    @Test
    void aNumberWhoseExponentNoBigDecimalHoldsIsRejectedAsItIsReadNamingItsField() {
        assertEquals(NumberLimits.violation("monthlyIncome", "-2.5E+2147483648"), only(with("monthlyIncome", "-2.5E+2147483648")));
        assertEquals(NumberLimits.violation("applicantAge", "1e2147483648"), only(with("applicantAge", "1e2147483648")));
        assertEquals(NumberLimits.violation("modelInputs.balances", "1e-9999999999"),
                only(VALID.replace("[1, 2.5, 3]", "[1, 1e-9999999999, 3]")));
        assertEquals(NumberLimits.violation("$", "5e3000000000"), only("5e3000000000"));
        // within the bound: read, and out of range as the schema says
        assertEquals(new Violation("applicantAge", "1E+999999999", "<= 130"), only(with("applicantAge", "1e999999999")));
    }

    @Test
    void aWholeNumberBeyondLongInAnIntegerFieldIsOutOfRangeNotAnInternalError() {
        assertEquals(new Violation("applicantAge", "1E+20", "<= 130"), only(with("applicantAge", "1e20")));
        assertEquals(">= 1", only(with("termMonths", "-1234567890123456789.0e2")).expected());
    }

    @Test
    void csvCellsWithAnExponentBeyondTheBoundAreRejectedNamingTheColumn() {
        CsvApplications csv = new CsvApplications("applicationId,applicantAge,risk_signal");
        assertEquals(List.of(NumberLimits.violation("applicantAge", "1e2147483648")),
                assertThrows(InvalidApplicationException.class, () -> csv.row("A,1e2147483648,0")).violations());
        assertEquals(List.of(NumberLimits.violation("modelInputs.risk_signal", "-1E-5000000000")),
                assertThrows(InvalidApplicationException.class, () -> csv.row("A,35,-1E-5000000000")).violations());
    }

    @Test
    void csvFieldsAreParsedByCommonsCsvQuotedLineBreaksAndAll() {
        assertEquals(List.of("a", "two\nlines, one \"quote\"", ""), CsvApplications.fields("a,\"two\nlines, one \"\"quote\"\"\","));
        Violation v = assertThrows(InvalidApplicationException.class, () -> CsvApplications.fields("a,\"open")).violations().get(0);
        assertEquals("$", v.field());
        assertTrue(v.expected().startsWith("one RFC 4180 CSV record"), v.expected());
    }

    @Test
    void listsEveryViolationNotJustTheFirst() {
        String json = """
                {"applicationId": "", "applicantAge": 35.5, "monthlyIncome": "lots", "requestedAmount": 12000,
                 "termMonths": 24, "employmentStatus": "ASTRONAUT", "worstDelinquencyMonths": 0, "extra": true,
                 "modelInputs": {"purpose": {"nested": 1}, "balances": [1, "x"]}}""";
        List<Violation> found = violations(json);
        List<String> fields = found.stream().map(Violation::field).sorted().toList();
        assertEquals(List.of("applicantAge", "applicationId", "applicationId", "employmentStatus", "extra",
                "modelInputs.balances", "modelInputs.purpose", "monthlyDebtPayments", "monthlyIncome"), fields, found.toString());
        assertTrue(found.contains(new Violation("monthlyDebtPayments", null, "a value (the field is required)")));
        assertTrue(found.contains(new Violation("employmentStatus", "ASTRONAUT",
                "one of [EMPLOYED, SELF_EMPLOYED, UNEMPLOYED, RETIRED, STUDENT]")));
        assertTrue(found.contains(new Violation("applicantAge", "35.5", "a whole number (JSON integer)")));
        assertTrue(found.contains(new Violation("monthlyIncome", "lots", "a number")));
    }

    @Test
    void rejectsAnIdThatBreaksThePattern() {
        Violation v = only(with("applicationId", "\"APP 1; DROP TABLE\""));
        assertEquals("applicationId", v.field());
        assertTrue(v.expected().startsWith("text matching "), v.expected());
    }

    @Test
    void rejectsDuplicateKeysAndTrailingContent() {
        assertTrue(only(VALID.replace("{\"applicationId\": \"APP-1\",", "{\"applicationId\": \"APP-1\", \"applicationId\": \"X\","))
                .expected().contains("Duplicate"));
        assertTrue(only(VALID + " {}").expected().startsWith("well-formed JSON"));
    }

    @Test
    void rejectsSomethingThatIsNotAnObject() {
        assertEquals(new Violation("$", "[1,2]", "an object"), only("[1, 2]"));
    }

    @Test
    void rejectsDeepNestingBeforeValidating() {
        String deep = "{\"modelInputs\": " + "[".repeat(40) + "]".repeat(40) + "}";
        assertTrue(only(deep).expected().startsWith("well-formed JSON"), only(deep).expected());
    }

    @Test
    void applicationIdOfARejectedInputIsKeptOnlyWhenUsable() {
        assertEquals("APP-1", ApplicationReader.applicationIdOf(READER.parse(VALID)));
        assertNull(ApplicationReader.applicationIdOf(READER.parse("{\"applicationId\": 5}")));
        assertNull(ApplicationReader.applicationIdOf(READER.parse("{\"applicationId\": \"APP\\u0000\"}")));
    }

    @Test
    void aControlCharacterInAStringIsOneViolationNamingFieldCharacterAndPosition() {
        assertEquals(new Violation("applicationId", "APP\\u0000", "text without control characters (found U+0000 at position 4)"),
                only(with("applicationId", "\"APP\\u0000\"")));
        assertEquals(new Violation("employmentStatus", "EMPLOYED\\u001f",
                "text without control characters (found U+001F at position 9)"), only(with("employmentStatus", "\"EMPLOYED\\u001F\"")));
        assertEquals(new Violation("modelInputs.checkingAccount", "A\\u007f", "text without control characters (found U+007F at position 2)"),
                only(with("checkingAccount", "\"A\\u007F\"")));
    }

    @Test
    void controlCharactersAreRefusedEscapedOrNotTabsAndLineBreaksIncluded() {
        for (String text : List.of("\\t", "\\n", "\\r", "\t", "\n", "\0", "\\u0085", "\u0085", "\\u009f")) {
            Violation v = only(with("checkingAccount", "\"A" + text + "\""));
            assertEquals("modelInputs.checkingAccount", v.field(), text);
            assertTrue(v.expected().startsWith("text without control characters (found U+00"), v.expected());
            assertEquals(-1, VisibleText.indexOfInvisible(v.value()), v.value());
        }
    }

    @Test
    void anUnpairedSurrogateIsRefusedAPairIsText() {
        assertEquals(new Violation("modelInputs.checkingAccount", "A\\ud800",
                "text without unpaired surrogates (found U+D800 at position 2)"), only(with("checkingAccount", "\"A\\uD800\"")));
        assertEquals("A\uD83D\uDE00", READER.read(with("checkingAccount", "\"A\\uD83D\\uDE00\"")).getModelInputs().get("checkingAccount"));
    }

    @Test
    void aControlCharacterInAFieldNameIsNamedEscaped() {
        String json = VALID.replace("\"existingCredits\"", "\"existing\\u0000credits\"");
        assertEquals(new Violation("modelInputs.existing\\u0000credits", "existing\\u0000credits",
                "a field name without control characters (found U+0000 at position 9)"), only(json));
        Violation topLevel = only(VALID.replace("{\"applicationId\"", "{\"x\u0001\": 1, \"applicationId\""));
        assertEquals("x\\u0001", topLevel.field());
    }

    @Test
    void integerFieldsTakeIntegralDecimalsAndNegativeZero() {
        LoanApplication a = READER.read(with("termMonths", "24.0").replace("\"applicantAge\": 35", "\"applicantAge\": -0.0")
                .replace("\"worstDelinquencyMonths\": 0", "\"worstDelinquencyMonths\": -0"));
        assertEquals(24, a.getTermMonths());
        assertEquals(0, a.getApplicantAge());
        assertEquals(0, a.getWorstDelinquencyMonths());
        assertEquals(new Violation("termMonths", "24.5", "a whole number (JSON integer)"), only(with("termMonths", "24.5")));
    }

    @Test
    void integerFieldsReportNumbersBeyondTheLongRangeAsOutOfRangeWithTheNumberAsSent() {
        assertEquals(new Violation("worstDelinquencyMonths", "-1E+308", ">= 0"), only(with("worstDelinquencyMonths", "-1e308")));
        assertEquals(new Violation("applicantAge", "1E+999999999", "<= 130"), only(with("applicantAge", "1e999999999")));
        assertEquals(new Violation("termMonths", "1234567890123456789012345678901234567890", "<= 480"),
                only(with("termMonths", "1234567890123456789012345678901234567890")));
        assertEquals(new Violation("termMonths", "-12345678901234567890.5", ">= 1"), only(with("termMonths", "-12345678901234567890.5")));
        Violation unknown = only(VALID.replace("{\"applicationId\"", "{\"huge\": -1e308, \"applicationId\""));
        assertEquals(new Violation("huge", "-1E+308", unknown.expected()), unknown);
        assertEquals("modelInputs.balances", only(VALID.replace("[1, 2.5, 3]", "[1, -1e999999999]")).field());
    }

    @Test
    void csvIntegerCellsWithHugeExponentsAreOutOfRangeNotABillionDigits() {
        CsvApplications csv = new CsvApplications("applicationId,applicantAge,monthlyIncome,monthlyDebtPayments,"
                + "requestedAmount,termMonths,employmentStatus,worstDelinquencyMonths");
        assertEquals(List.of(new Violation("termMonths", "1E+999999999", "<= 480")),
                assertThrows(InvalidApplicationException.class,
                        () -> READER.toApplication(csv.row("APP-1,35,4000,0,12000,1e999999999,EMPLOYED,0"))).violations());
        assertEquals(24, READER.toApplication(csv.row("APP-1,35,4000,0,12000,24.0,EMPLOYED,-0")).getTermMonths());
    }

    @Test
    void csvCellsAndColumnNamesWithControlCharactersAreRefused() {
        CsvApplications csv = new CsvApplications("applicationId,applicantAge,monthlyIncome,monthlyDebtPayments,"
                + "requestedAmount,termMonths,employmentStatus,worstDelinquencyMonths,note");
        InvalidApplicationException e = assertThrows(InvalidApplicationException.class,
                () -> READER.toApplication(csv.row("APP\0,35,4000,0,12000,24,EMPLOYED,0, \tcar\u001F\t")));
        assertEquals(List.of("applicationId", "modelInputs.note"), e.violations().stream().map(Violation::field).toList());
        assertEquals("car\\u001f", e.violations().get(1).value());
        Violation header = assertThrows(InvalidApplicationException.class, () -> new CsvApplications("applicationId,no\0te"))
                .violations().get(0);
        assertEquals(new Violation("header", "no\\u0000te", "column names without control characters (found U+0000)"), header);
    }

    @Test
    void theClasspathSchemaIsTheDocsSchema() throws Exception {
        Path docs = Path.of("..", "docs", "application.schema.json");
        assertEquals(Files.readString(docs, StandardCharsets.UTF_8), ApplicationSchema.load().text());
    }

    @Test
    void csvRowsBecomeTheSameApplicationAsJson() {
        CsvApplications csv = new CsvApplications("applicationId,applicantAge,monthlyIncome,monthlyDebtPayments,"
                + "requestedAmount,termMonths,employmentStatus,worstDelinquencyMonths,checkingAccount,existingCredits,note");
        LoanApplication a = READER.toApplication(csv.row("\"APP-1\",35,4000.5,0,12000,24,EMPLOYED,0,NEGATIVE,2,\"car, \"\"used\"\"\""));
        assertEquals("APP-1", a.getApplicationId());
        assertEquals(4000.5, a.getMonthlyIncome());
        assertEquals(Map.of("checkingAccount", "NEGATIVE", "existingCredits", 2.0, "note", "car, \"used\""), a.getModelInputs());
    }

    @Test
    void csvCellsThatAreNotNumbersAreReportedByField() {
        CsvApplications csv = new CsvApplications("applicationId,applicantAge,monthlyIncome,monthlyDebtPayments,"
                + "requestedAmount,termMonths,employmentStatus,worstDelinquencyMonths");
        InvalidApplicationException e = assertThrows(InvalidApplicationException.class,
                () -> READER.toApplication(csv.row("APP-2,thirty,NaN,0,12000,24,EMPLOYED,")));
        assertTrue(e.violations().contains(new Violation("applicantAge", "thirty", "a whole number (JSON integer)")), e.getMessage());
        assertTrue(e.violations().contains(new Violation("monthlyIncome", "NaN", "a number")), e.getMessage());
        assertTrue(e.violations().contains(new Violation("worstDelinquencyMonths", null, "a value (the field is required)")),
                e.getMessage());
    }

    @Test
    void csvRowWithTheWrongNumberOfCellsIsRefused() {
        CsvApplications csv = new CsvApplications("applicationId,applicantAge");
        Violation v = assertThrows(InvalidApplicationException.class, () -> csv.row("A,1,2")).violations().get(0);
        assertEquals(new Violation("$", "3 columns", "2 columns, as in the header"), v);
    }
}
