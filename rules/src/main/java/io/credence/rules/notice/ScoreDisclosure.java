package io.credence.rules.notice;

import io.credence.plugin.drl.ModelFunctions;
import java.time.LocalDate;
import java.util.List;

/**
 * The score part of a notice, as FCRA section 615(a)(2) lists it (with section 609(f)(1)(B)-(E)):
 * the score used, the range of possible scores, the key factors that adversely affected it (at
 * most four), the date it was created and who provided it. The score is the model's recorded
 * probability of default.
 *
 * @param model       the model's name, as recorded
 * @param version     the model's version, as recorded
 * @param probability the recorded probability of default, 0 to 1
 * @param keyFactors  descriptions of the features that raised the estimated risk most, largest first, at most
 *                    {@value #MAX_KEY_FACTORS}; empty when none were recorded for this model
 * @param created     the day the score was computed (the decision's day)
 * @param provider    who computed it (the creditor)
 */
public record ScoreDisclosure(String model, String version, double probability, List<String> keyFactors,
                              LocalDate created, String provider) {

    /** FCRA 609(f)(1)(C): no more than four key factors. */
    public static final int MAX_KEY_FACTORS = 4;

    /** The labels of the disclosure's items, in the order printed. */
    public static final String SCORE = "Your credit score";
    public static final String RANGE = "Range of possible scores";
    public static final String KEY_FACTORS = "Key factors that adversely affected your credit score";
    public static final String CREATED = "Date the score was created";
    public static final String SOURCE = "Provided by";
    /** The key factors of a score that was not explained. */
    public static final String NO_KEY_FACTORS = "None recorded: the score was not explained for this decision.";

    public ScoreDisclosure {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("a score disclosure needs a probability of default in [0, 1], was "
                    + probability + " for model " + model);
        }
        keyFactors = List.copyOf(keyFactors);
        if (keyFactors.size() > MAX_KEY_FACTORS) {
            throw new IllegalArgumentException("at most " + MAX_KEY_FACTORS + " key factors, had " + keyFactors.size());
        }
    }

    /** The score as printed: {@code 41.2 %}. */
    public String score() {
        return ModelFunctions.percent(probability);
    }

    /** The range of possible scores and which way is worse. */
    public String range() {
        return "0 % to 100 %: the estimated probability that the loan would not be repaid as agreed; a higher score"
                + " means a higher estimated risk";
    }

    /** The creation date as printed: {@code March 2, 2026}. */
    public String createdText() {
        return Notice.DATE.format(created);
    }

    /** Who provided the score and with which model. */
    public String source() {
        return provider + ", with its credit risk model " + model + (version == null ? "" : " version " + version);
    }
}
