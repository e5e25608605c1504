package io.credence.rules.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

    static final AccessPolicy P = AccessPolicy.SERVICE;

    @Test
    void onlyTheLivenessProbeIsOpenOfTheServiceEndpoints() {
        assertEquals(AccessPolicy.OPEN, P.requirement("GET", "/health/live"));
        assertEquals(AccessPolicy.ANY, P.requirement("GET", "/health"));
        assertEquals(AccessPolicy.ANY, P.requirement("GET", "/health/ready"));
        assertEquals(AccessPolicy.role(Role.DECIDE), P.requirement("POST", "/api/v1/decisions"));
        assertEquals(AccessPolicy.role(Role.DECIDE, Role.REVIEW), P.requirement("GET", "/api/v1/decisions/0190-ab"));
    }

    @Test
    void theAuditPagesNeedReviewExceptSignInTheAccessLogAndReveal() {
        assertEquals(AccessPolicy.role(Role.REVIEW), P.requirement("GET", "/audit"));
        assertEquals(AccessPolicy.role(Role.REVIEW), P.requirement("GET", "/audit/decisions/d-1"));
        assertEquals(AccessPolicy.OPEN, P.requirement("GET", "/audit/sign-in"));
        assertEquals(AccessPolicy.OPEN, P.requirement("POST", "/audit/sign-in"));
        assertEquals(AccessPolicy.OPEN, P.requirement("GET", "/audit/static/app.css"));
        assertEquals(AccessPolicy.role(Role.ADMIN), P.requirement("GET", "/audit/access"));
        assertEquals(AccessPolicy.allRoles(Role.REVIEW, Role.REVIEW_PII), P.requirement("POST", "/audit/decisions/d-1/reveal"));
        // GET of the reveal path is not the reveal action: it falls to the /audit/** rule.
        assertEquals(AccessPolicy.role(Role.REVIEW), P.requirement("GET", "/audit/decisions/d-1/reveal"));
    }

    @Test
    void adminNeedsAdminAndTheScrapeNeedsMetricsOrAdmin() {
        assertEquals(AccessPolicy.role(Role.ADMIN), P.requirement("POST", "/admin/reload"));
        assertEquals(AccessPolicy.role(Role.ADMIN, Role.METRICS), P.requirement("GET", "/metrics"));
        assertTrue(P.requirement("GET", "/metrics").allows(new Principal("prometheus", Set.of(Role.METRICS), "api-key")));
        assertFalse(P.requirement("GET", "/metrics").allows(new Principal("portal", Set.of(Role.DECIDE), "api-key")));
        assertEquals(AccessPolicy.role(Role.ADMIN), P.requirement("POST", "/metrics"));
        assertEquals(AccessPolicy.role(Role.ADMIN), P.requirement("GET", "/metrics/prometheus"));
    }

    @Test
    void whatNoRuleNamesNeedsAnAuthenticatedPrincipal() {
        assertEquals(AccessPolicy.ANY, P.requirement("GET", "/"));
        assertEquals(AccessPolicy.ANY, P.requirement("DELETE", "/api/v1/decisions/d-1"));
        assertEquals(AccessPolicy.ANY, P.requirement("POST", "/health/live"));
        assertEquals(AccessPolicy.ANY, P.requirement("GET", "/api/v1/decisions/d-1/extra"));
    }

    @Test
    void dotSegmentsAndExtraSlashesCannotWalkOutOfAnOpenPath() {
        assertEquals(AccessPolicy.role(Role.REVIEW), P.requirement("GET", "/health/live/../../audit"));
        assertEquals(AccessPolicy.role(Role.ADMIN), P.requirement("GET", "/audit/static/../access"));
        assertEquals(AccessPolicy.role(Role.REVIEW), P.requirement("GET", "//audit//"));
        assertEquals(AccessPolicy.role(Role.REVIEW), P.requirement("GET", "/./audit/./decisions/d-1"));
        assertEquals(AccessPolicy.OPEN, P.requirement("get", "/health/live/"));
    }

    @Test
    void aRoleRequirementIsMetByAnyOfItsRolesAndNamesThemWhenNot() {
        AccessPolicy.Requirement either = AccessPolicy.role(Role.DECIDE, Role.REVIEW);
        Principal reviewer = new Principal("r", Set.of(Role.REVIEW), "api-key");
        Principal nobody = new Principal("n", Set.of(), "api-key");

        assertTrue(either.allows(reviewer));
        assertFalse(either.allows(nobody));
        assertFalse(either.allows(null));
        assertTrue(AccessPolicy.ANY.allows(nobody));
        assertFalse(AccessPolicy.ANY.allows(null));
        assertEquals("one of the roles decide, review", either.describe());
        assertEquals("the role review-pii", AccessPolicy.role(Role.REVIEW_PII).describe());
    }

    @Test
    void allRolesNeedsEveryOneOfThem() {
        AccessPolicy.Requirement both = AccessPolicy.allRoles(Role.REVIEW_PII, Role.REVIEW);
        Principal reviewer = new Principal("rob", Set.of(Role.REVIEW), "session");
        Principal piiOnly = new Principal("pia", Set.of(Role.REVIEW_PII), "session");
        Principal rita = new Principal("rita", Set.of(Role.REVIEW, Role.REVIEW_PII), "session");

        assertFalse(both.allows(reviewer));
        assertFalse(both.allows(piiOnly));
        assertTrue(both.allows(rita));
        assertFalse(both.allows(null));
        assertEquals("the roles review and review-pii", both.describe());
    }

    @Test
    void aDoubleStarOnlyEndsAPattern() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AccessPolicy.builder().rule("GET", "/a/**/b", AccessPolicy.ANY));
        assertEquals("** may only end a path pattern, was /a/**/b", e.getMessage());
    }

    @Test
    void theSecurityDocsListEveryRuleOfThePolicy() throws Exception {
        String docs = Files.readString(Path.of("..", "docs", "security.md"), StandardCharsets.UTF_8);
        for (AccessPolicy.Rule rule : P.rules()) {
            String row = "| `" + rule.methodLabel() + "` | `" + rule.path() + "` | " + rule.requirement().describe() + " |";
            assertTrue(docs.contains(row), "docs/security.md lacks the row " + row);
        }
    }
}
