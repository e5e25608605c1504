package io.credence.rules.audit;

/**
 * A request to erase personal data: every record of an application, or one record by its
 * decision id (a rejected input without a usable application id).
 *
 * <pre>{@code
 * Erasure done = auditLog.erase(ErasureRequest.ofApplication("app-7", "GDPR Art. 17(1)(b), ticket 4711", "session:alice", "rest"));
 * Erasure one = auditLog.erase(ErasureRequest.ofDecision(decisionId, "GDPR Art. 17, ticket 4712", "cli:bob", "cli"));
 * }</pre>
 *
 * @param applicationId the application whose records are erased, or null
 * @param decisionId    the one record erased, or null; exactly one of the two is given
 * @param legalBasis    why (kept in the erasure record, so it must not hold personal data itself)
 * @param erasedBy      who: a principal id ({@code session:alice}, {@code api-key:ops}) or {@code cli:<os user>}
 * @param channel       where the request came from ({@code rest}, {@code cli}), at most 32 characters
 */
public record ErasureRequest(String applicationId, String decisionId, String legalBasis, String erasedBy,
                             String channel) {

    public ErasureRequest {
        if ((applicationId == null) == (decisionId == null)) {
            throw new IllegalArgumentException("an erasure names either an applicationId or a decisionId, "
                    + (applicationId == null ? "neither was given" : "not both"));
        }
        if (applicationId != null && (applicationId.isBlank() || applicationId.length() > 200)) {
            throw new IllegalArgumentException("applicationId must be 1..200 characters, was "
                    + (applicationId.isBlank() ? "blank" : applicationId.length() + " characters"));
        }
        if (decisionId != null && (decisionId.isBlank() || decisionId.length() > 100)) {
            throw new IllegalArgumentException("decisionId must be 1..100 characters, was "
                    + (decisionId.isBlank() ? "blank" : decisionId.length() + " characters"));
        }
        if (legalBasis == null || legalBasis.isBlank() || legalBasis.length() > AuditEntry.MAX_LEGAL_BASIS) {
            throw new IllegalArgumentException("legalBasis is required, 1.." + AuditEntry.MAX_LEGAL_BASIS
                    + " characters (e.g. \"GDPR Art. 17(1)(a), request 2026-113\"), was "
                    + (legalBasis == null ? "missing" : legalBasis.length() + " characters"));
        }
        if (erasedBy == null || erasedBy.isBlank() || erasedBy.length() > AuditEntry.MAX_REQUESTED_BY) {
            throw new IllegalArgumentException("who erases is required, 1.." + AuditEntry.MAX_REQUESTED_BY
                    + " characters, was " + (erasedBy == null ? "missing" : erasedBy.length() + " characters"));
        }
        if (channel == null || channel.isBlank() || channel.length() > 32) {
            throw new IllegalArgumentException("channel must be 1..32 characters, was " + channel);
        }
    }

    public static ErasureRequest ofApplication(String applicationId, String legalBasis, String erasedBy, String channel) {
        return new ErasureRequest(applicationId, null, legalBasis, erasedBy, channel);
    }

    public static ErasureRequest ofDecision(String decisionId, String legalBasis, String erasedBy, String channel) {
        return new ErasureRequest(null, decisionId, legalBasis, erasedBy, channel);
    }

    /** For messages: {@code application app-7} or {@code decision 0195…}. */
    public String target() {
        return applicationId != null ? "application " + applicationId : "decision " + decisionId;
    }
}
