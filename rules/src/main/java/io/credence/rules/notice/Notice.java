package io.credence.rules.notice;

import io.credence.plugin.explain.FeatureAttribution;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.audit.AuditRecord;
import io.credence.rules.decision.Outcome;
import io.credence.rules.decision.Reason;
import io.credence.rules.decision.ScoreSummary;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The statement of action taken on one application, made from its audit record alone: the
 * principal reasons are the recorded ones in the analysts' texts as recorded, the key factors are
 * the recorded attributions, and the dates are the decision's; nothing is looked up in today's
 * models, rules or reason-code tables. Every text the notice prints comes from here
 * ({@link #lines()}); {@link NoticeHtml} and {@link NoticePdf} lay it out.
 *
 * <pre>{@code
 * Notice notice = Notice.of(auditLog.find(decisionId).orElseThrow(), settings.notice());
 * notice.action().statement();   // "We have denied your application for credit."
 * notice.reasons();              // at most four, as recorded
 * notice.scores();               // the FCRA 615(a) disclosure of each model score used
 * }</pre>
 *
 * @param decisionId    the decision
 * @param applicationId the application (as the lender knows it)
 * @param sequence      the audit record's place in the chain
 * @param recordHash    the audit record's hash
 * @param decidedAt     when the action was taken
 * @param date          the notice's date: the day of the decision in {@link NoticeSettings#zone()}
 * @param action        the action taken
 * @param reasons       the principal reasons, at most {@value #MAX_REASONS}
 * @param scores        one disclosure per model score used (empty when none was)
 * @param issuer        the creditor and the federal agency
 */
public record Notice(String decisionId, String applicationId, long sequence, String recordHash, Instant decidedAt,
                     LocalDate date, Action action, List<String> reasons, List<ScoreDisclosure> scores,
                     NoticeSettings issuer) {

    /** Regulation B's notices name up to four principal reasons (more are seldom helpful, comment 9(b)(2)-1). */
    public static final int MAX_REASONS = 4;

    /** The ECOA notice of 12 CFR 1002.9(b)(1), up to the agency, which follows it. */
    public static final String ECOA_NOTICE = "The Federal Equal Credit Opportunity Act prohibits creditors from"
            + " discriminating against credit applicants on the basis of race, color, religion, national origin, sex,"
            + " marital status, age (provided the applicant has the capacity to enter into a binding contract); because"
            + " all or part of the applicant's income derives from any public assistance program; or because the"
            + " applicant has in good faith exercised any right under the Consumer Credit Protection Act. The Federal"
            + " agency that administers compliance with this law concerning this creditor is:";

    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MMMM d, uuuu", Locale.US);

    /** The action taken, as the notice words it. */
    public enum Action {
        /** A DECLINE. */
        DENIED("We have denied your application for credit.",
                "Principal reasons for denial of credit"),
        /**
         * A REFER: not approved as submitted, referred to a person. Regulation B asks for a notice
         * within 30 days of a completed application (1002.9(a)(1)(i)); this statement tells the
         * applicant where the application stands and why it was not approved as submitted.
         */
        NOT_APPROVED_AS_SUBMITTED("We cannot approve your application for credit as submitted. It has been referred to"
                + " our credit staff for further review. This is not a denial: we will tell you our decision within 30"
                + " days of receiving your completed application.",
                "Principal reasons why we could not approve your application as submitted");

        private final String statement;
        private final String reasonsHeading;

        Action(String statement, String reasonsHeading) {
            this.statement = statement;
            this.reasonsHeading = reasonsHeading;
        }

        /** What the notice says was done. */
        public String statement() {
            return statement;
        }

        /** The heading of the principal reasons. */
        public String reasonsHeading() {
            return reasonsHeading;
        }
    }

    public Notice {
        reasons = List.copyOf(reasons);
        scores = List.copyOf(scores);
        if (reasons.size() > MAX_REASONS) {
            throw new IllegalArgumentException("a notice names at most " + MAX_REASONS + " principal reasons, had "
                    + reasons.size() + " for decision " + decisionId);
        }
        if (action == null || issuer == null || date == null) {
            throw new IllegalArgumentException("a notice has an action, an issuer and a date (decision " + decisionId + ")");
        }
    }

    /**
     * The notice of a stored decision.
     *
     * @throws NoNoticeException when it took no adverse action (APPROVE, not decided, an erasure
     *                           record) or its personal data was erased
     */
    public static Notice of(AuditRecord record, NoticeSettings issuer) {
        AuditEntry e = record.entry();
        if (e.status() != AuditEntry.Status.DECIDED) {
            throw new NoNoticeException(NoNoticeException.Why.NO_ADVERSE_ACTION, "decision " + e.decisionId() + " has status "
                    + e.status() + ": the application was not decided, so there is no action taken to give notice of",
                    null);
        }
        Action action = switch (Outcome.valueOf(e.outcome())) {
            case DECLINE -> Action.DENIED;
            case REFER -> Action.NOT_APPROVED_AS_SUBMITTED;
            case APPROVE -> throw new NoNoticeException(NoNoticeException.Why.NO_ADVERSE_ACTION, "decision "
                    + e.decisionId() + " approved the application: no adverse action notice applies", null);
        };
        if (record.inputErased()) {
            throw new NoNoticeException(NoNoticeException.Why.ERASED, "the personal data of decision " + e.decisionId()
                    + " was erased on " + record.inputErasedAt() + "; the notice's reason texts were part of it, so the"
                    + " notice can no longer be produced", record.inputErasedAt());
        }
        LocalDate date = e.decidedAt().atZone(issuer.zone()).toLocalDate();
        return new Notice(e.decisionId(), e.applicationId(), record.sequence(), record.recordHash(), e.decidedAt(), date,
                action, reasons(e, Outcome.valueOf(e.outcome())), scores(e, date, issuer.creditorName()), issuer);
    }

    /** The recorded principal reasons; a record from before they were kept: its reasons for the outcome. */
    private static List<String> reasons(AuditEntry e, Outcome outcome) {
        List<Reason> recorded = e.principalReasons().isEmpty()
                ? e.reasons().stream().filter(r -> r.outcome() == outcome).toList() : e.principalReasons();
        return recorded.stream().map(Reason::text).limit(MAX_REASONS).toList();
    }

    /**
     * A disclosure for every recorded score; the key factors are the recorded adverse attributions
     * of the model they explain (the recorded explanation's model; a record without one: the first score).
     */
    private static List<ScoreDisclosure> scores(AuditEntry e, LocalDate date, String provider) {
        String explained = e.explanation() != null ? e.explanation().model()
                : e.scores().stream().filter(s -> s.value() != null && !s.shadow()).map(ScoreSummary::model).findFirst()
                .orElse(null);
        List<String> factors = e.attributions().stream().filter(FeatureAttribution::adverse)
                .sorted(Comparator.comparingDouble(FeatureAttribution::contribution).reversed()
                        .thenComparing(FeatureAttribution::feature))
                .map(a -> a.description() == null || a.description().isBlank() ? a.feature() : a.description())
                .limit(ScoreDisclosure.MAX_KEY_FACTORS).toList();
        List<ScoreDisclosure> out = new ArrayList<>();
        for (ScoreSummary s : e.scores()) {
            // a shadow version's score was recorded but not used in the decision: not disclosed
            if (s.value() != null && s.value() >= 0 && s.value() <= 1 && !s.shadow()) {
                out.add(new ScoreDisclosure(s.model(), s.version(), s.value(),
                        s.model().equals(explained) ? factors : List.of(), date, provider));
            }
        }
        return out;
    }

    /** The notice's title. */
    public String title() {
        return "Notice of action taken on your application for credit";
    }

    /** The date as printed: {@code March 2, 2026}. */
    public String dateText() {
        return DATE.format(date);
    }

    /** What the notice prints when no principal reason was recorded (a REFER that no rule decided). */
    public static final String NO_REASON = "No policy rule or model could decide your application automatically.";

    /** The heading of the action taken. */
    public static final String ACTION_HEADING = "Action taken";
    /** The heading of the ECOA notice. */
    public static final String ECOA_HEADING = "Your rights under the Equal Credit Opportunity Act";

    /** The heading and opening sentence of the score disclosure. */
    public static final String SCORE_HEADING = "Your credit score";
    public static final String SCORE_INTRO = "In taking this action we used a credit score: a number that summarizes the"
            + " information in your application as an estimate of credit risk. It was computed by our own credit risk"
            + " model.";

    /** The heading of the consumer report part (FCRA 615(a)(3)-(4)), when the creditor uses a consumer report. */
    public static final String FCRA_HEADING = "Your rights under the Fair Credit Reporting Act";
    /**
     * FCRA 615(a)(3)-(4) after the wording of the model forms in Appendix C to Regulation B (form
     * C-1): the agency did not make the decision, the free copy within 60 days, the right to dispute.
     */
    public static final String FCRA_NOTICE = "Our credit decision was based in whole or in part on information obtained"
            + " in a report from the consumer reporting agency listed below. You have a right under the Fair Credit"
            + " Reporting Act to know the information contained in your credit file at the consumer reporting agency."
            + " The reporting agency played no part in our decision and is unable to supply specific reasons for our"
            + " action. You also have a right to a free copy of your report from the reporting agency, if you request"
            + " it no later than 60 days after you receive this notice. In addition, if you find that any information"
            + " contained in the report you receive is inaccurate or incomplete, you have the right to dispute the"
            + " matter with the reporting agency.";
    /** The label of the reporting agency's telephone number. */
    public static final String FCRA_PHONE = "Telephone";

    /** The reference line that ties the notice to its audit record. */
    public String reference() {
        return "Application " + (applicationId == null ? "(none)" : applicationId) + ", decision " + decisionId
                + ". Made from audit record " + sequence + " (SHA-256 " + recordHash + ").";
    }

    /**
     * Every text of the notice, in the order it is printed. {@link NoticeHtml} and
     * {@link NoticePdf} print exactly these; the PDF's file identifier is derived from them.
     */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(issuer.creditorName());
        lines.addAll(issuer.creditorAddress());
        lines.add(dateText());
        lines.add(title());
        lines.add(ACTION_HEADING);
        lines.add(action.statement());
        lines.add(action.reasonsHeading());
        lines.addAll(reasons.isEmpty() ? List.of(NO_REASON) : reasons);
        for (ScoreDisclosure s : scores) {
            lines.add(SCORE_HEADING);
            lines.add(SCORE_INTRO);
            lines.add(ScoreDisclosure.SCORE + ": " + s.score());
            lines.add(ScoreDisclosure.RANGE + ": " + s.range());
            lines.add(ScoreDisclosure.KEY_FACTORS + ":");
            lines.addAll(s.keyFactors().isEmpty() ? List.of(ScoreDisclosure.NO_KEY_FACTORS) : s.keyFactors());
            lines.add(ScoreDisclosure.CREATED + ": " + s.createdText());
            lines.add(ScoreDisclosure.SOURCE + ": " + s.source());
        }
        NoticeSettings.ReportingAgency bureau = issuer.reportingAgency();
        if (bureau != null) {
            lines.add(FCRA_HEADING);
            lines.add(FCRA_NOTICE);
            lines.add(bureau.name());
            lines.addAll(bureau.address());
            lines.add(FCRA_PHONE + ": " + bureau.phone());
        }
        lines.add(ECOA_HEADING);
        lines.add(ECOA_NOTICE);
        lines.add(issuer.agencyName());
        lines.addAll(issuer.agencyAddress());
        lines.add(reference());
        return lines;
    }

    /** SHA-256 over {@link #lines()} (each line, then a line feed): what the PDF's file identifier is made of. */
    byte[] digest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String line : lines()) {
                sha.update(line.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
