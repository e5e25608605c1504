package io.credence.rules.notice;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

/**
 * Who the notice is from and whom the applicant may turn to: the creditor's name and address and
 * the name and address of the federal agency that administers the creditor's compliance with ECOA
 * (12 CFR 1002.9(a)(2), (b)(1); the agency for each kind of creditor is listed in Appendix A to
 * Part 1002), and the time zone the notice's dates are given in.
 *
 * <pre>{@code
 * NoticeSettings issuer = NoticeSettings.of("First Example Bank", "1 Main Street|Springfield, IL 62701",
 *         "Bureau of Consumer Financial Protection", "1700 G Street NW|Washington, DC 20552", "America/Chicago");
 * }</pre>
 *
 * <p>Addresses are lines; in a setting the lines are separated by {@code |}.
 *
 * @param creditorName    {@code credence.notice.creditor-name}
 * @param creditorAddress {@code credence.notice.creditor-address}, one to {@value #MAX_ADDRESS_LINES} lines
 * @param agencyName      {@code credence.notice.agency-name}
 * @param agencyAddress   {@code credence.notice.agency-address}, one to {@value #MAX_ADDRESS_LINES} lines
 * @param zone            {@code credence.notice.time-zone}: the zone of the notice's dates (a decision at
 *                        23:30 UTC is the next day in Europe)
 * @param reportingAgency the consumer reporting agency whose report the applications' inputs
 *                        include ({@code credence.notice.reporting-agency-*}), for the FCRA 615(a)(3)-(4)
 *                        part of the notice; null when the creditor uses no consumer report
 */
public record NoticeSettings(String creditorName, List<String> creditorAddress, String agencyName,
                             List<String> agencyAddress, ZoneId zone, ReportingAgency reportingAgency) {

    /**
     * A consumer reporting agency as FCRA 615(a)(3) asks the notice to name it.
     *
     * @param name    {@code credence.notice.reporting-agency-name}
     * @param address {@code credence.notice.reporting-agency-address}, one to {@value #MAX_ADDRESS_LINES} lines
     * @param phone   {@code credence.notice.reporting-agency-phone}: its toll-free number (for an agency that
     *                compiles files nationwide), or its number
     */
    public record ReportingAgency(String name, List<String> address, String phone) {
        public ReportingAgency {
            check("credence.notice.reporting-agency-name", name);
            address = NoticeSettings.address("credence.notice.reporting-agency-address", address);
            check("credence.notice.reporting-agency-phone", phone);
            if (!phone.matches("[0-9+()./ -]{3,40}")) {
                throw new IllegalArgumentException("credence.notice.reporting-agency-phone must be a telephone number"
                        + " (3 to 40 of 0-9 + ( ) . / - and spaces), was '" + phone + "'");
            }
        }
    }

    /** The longest name or address line. */
    public static final int MAX_LINE = 200;
    /** The most lines of an address. */
    public static final int MAX_ADDRESS_LINES = 6;
    /** The creditor of the shipped defaults: a placeholder no notice should go out with (a warning at start). */
    public static final String EXAMPLE_CREDITOR = "Example Lender (set credence.notice.creditor-name)";

    public NoticeSettings {
        check("credence.notice.creditor-name", creditorName);
        check("credence.notice.agency-name", agencyName);
        creditorAddress = address("credence.notice.creditor-address", creditorAddress);
        agencyAddress = address("credence.notice.agency-address", agencyAddress);
        if (zone == null) {
            throw new IllegalArgumentException("credence.notice.time-zone is required, e.g. UTC or America/New_York");
        }
    }

    /** The settings without a consumer reporting agency. */
    public NoticeSettings(String creditorName, List<String> creditorAddress, String agencyName,
                          List<String> agencyAddress, ZoneId zone) {
        this(creditorName, creditorAddress, agencyName, agencyAddress, zone, null);
    }

    /**
     * These settings with the consumer reporting agency of {@code credence.notice.reporting-agency-name},
     * {@code -address} ({@code |} between lines) and {@code -phone}: all three, or none (null or blank: no agency).
     */
    public NoticeSettings withReportingAgency(String name, String address, String phone) {
        boolean any = !blank(name) || !blank(address) || !blank(phone);
        if (!any) {
            return new NoticeSettings(creditorName, creditorAddress, agencyName, agencyAddress, zone, null);
        }
        if (blank(name) || blank(address) || blank(phone)) {
            throw new IllegalArgumentException("credence.notice.reporting-agency-name, -address and -phone go together:"
                    + " set all three (the FCRA part of the notice names the agency, its address and telephone number)"
                    + " or none; missing: " + String.join(", ", java.util.stream.Stream.of(
                    blank(name) ? "credence.notice.reporting-agency-name" : null,
                    blank(address) ? "credence.notice.reporting-agency-address" : null,
                    blank(phone) ? "credence.notice.reporting-agency-phone" : null).filter(k -> k != null).toList()));
        }
        return new NoticeSettings(creditorName, creditorAddress, agencyName, agencyAddress, zone,
                new ReportingAgency(name.strip(), lines(address), phone.strip()));
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    /** From the settings' texts: addresses with their lines separated by {@code |}, the zone as an id. */
    public static NoticeSettings of(String creditorName, String creditorAddress, String agencyName, String agencyAddress,
                                    String zone) {
        ZoneId id;
        try {
            id = ZoneId.of(zone == null ? "" : zone.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("credence.notice.time-zone must be a time-zone id such as UTC or"
                    + " America/New_York, was '" + zone + "'", e);
        }
        return new NoticeSettings(creditorName == null ? null : creditorName.strip(), lines(creditorAddress),
                agencyName == null ? null : agencyName.strip(), lines(agencyAddress), id);
    }

    /** Whether the creditor is still the shipped placeholder. */
    public boolean example() {
        return EXAMPLE_CREDITOR.equals(creditorName);
    }

    private static List<String> lines(String text) {
        return text == null ? null : Arrays.stream(text.split("\\|")).map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static List<String> address(String key, List<String> lines) {
        if (lines == null || lines.isEmpty() || lines.size() > MAX_ADDRESS_LINES) {
            throw new IllegalArgumentException(key + " must have 1 to " + MAX_ADDRESS_LINES + " lines separated by |, had "
                    + (lines == null ? 0 : lines.size()));
        }
        lines.forEach(line -> check(key, line));
        return List.copyOf(lines);
    }

    private static void check(String key, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(key + " is required (docs/notice.md)");
        }
        if (text.length() > MAX_LINE) {
            throw new IllegalArgumentException(key + " must be at most " + MAX_LINE + " characters a line, was "
                    + text.length());
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(key + " must not hold control characters (use | between address lines)");
        }
    }
}
