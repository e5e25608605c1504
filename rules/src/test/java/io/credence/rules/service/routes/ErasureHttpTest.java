package io.credence.rules.service.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.rules.audit.AuditEntry;
import io.credence.rules.audit.AuditFixtures;
import io.credence.rules.audit.JdbcAuditLog;
import io.credence.rules.security.AccessPolicy;
import io.credence.rules.security.Principal;
import io.credence.rules.security.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErasureHttpTest {

    static final Principal ADMIN = new Principal("dpo", Set.of(Role.ADMIN), "session");

    @TempDir
    Path dir;

    JdbcAuditLog log;
    ErasureHttp http;

    @BeforeEach
    void store() {
        log = JdbcAuditLog.open("jdbc:h2:file:" + dir.resolve("audit"), "sa", "");
        log.append(AuditFixtures.decided(1, "DECLINE", "1.0.0"));
        log.append(AuditFixtures.rejected(2));
        http = new ErasureHttp(log);
    }

    @AfterEach
    void close() {
        log.close();
    }

    private HttpReply post(String json, Principal principal) {
        return http.post("application/json", json.getBytes(StandardCharsets.UTF_8), principal);
    }

    @Test
    void anAdminErasesAnApplicationAndIsRecordedAsWhoErasedIt() {
        HttpReply reply = post("{\"applicationId\":\"app-1\",\"legalBasis\":\"GDPR Art. 17(1)(a), request 7\"}", ADMIN);
        HttpReply again = post("{\"applicationId\":\"app-1\",\"legalBasis\":\"GDPR Art. 17(1)(a), request 7\"}", ADMIN);

        assertEquals(200, reply.status(), reply.json());
        assertTrue(reply.json().contains("\"erased\":1,\"erasedDecisionIds\":[\"dec-1\"],\"alreadyErased\":0"), reply.json());
        AuditEntry record = log.find(reply.decisionId()).orElseThrow().entry();
        assertEquals("session:dpo", record.requestedBy());
        assertEquals("rest", record.channel());
        assertEquals("GDPR Art. 17(1)(a), request 7", record.erasure().legalBasis());
        assertEquals(200, again.status());
        assertTrue(again.json().contains("\"erasureDecisionId\":null,\"erased\":0"), again.json());
        assertTrue(log.verify().intact());
    }

    @Test
    void erasesARejectionWithoutApplicationIdByItsDecisionId() {
        HttpReply reply = post("{\"decisionId\":\"dec-2\",\"legalBasis\":\"GDPR Art. 17, request 8\"}", ADMIN);

        assertEquals(200, reply.status(), reply.json());
        assertTrue(log.find("dec-2").orElseThrow().inputErased());
    }

    @Test
    void refusesWhatIsNotAClearRequest() {
        assertEquals(404, post("{\"applicationId\":\"app-9\",\"legalBasis\":\"GDPR Art. 17\"}", ADMIN).status());
        assertEquals(400, post("{\"applicationId\":\"app-1\"}", ADMIN).status());
        assertEquals(400, post("{\"applicationId\":\"app-1\",\"decisionId\":\"dec-1\",\"legalBasis\":\"x\"}", ADMIN).status());
        assertEquals(400, post("{\"applicationId\":\"app-1\",\"legalBasis\":\"x\",\"name\":\"Jane\"}", ADMIN).status());
        assertEquals(400, post("[1]", ADMIN).status());
        assertEquals(415, http.post("text/plain", "{}".getBytes(StandardCharsets.UTF_8), ADMIN).status());
        assertEquals(403, post("{\"applicationId\":\"app-1\",\"legalBasis\":\"GDPR Art. 17\"}", null).status(),
                "without access control nobody can be recorded as who erased");
        assertTrue(log.find("dec-1").orElseThrow().entry().rawInput() != null, "nothing was erased");
    }

    @Test
    void onlyAdminsMayPostErasures() {
        AccessPolicy.Requirement need = AccessPolicy.SERVICE.requirement("POST", RestRoutes.ERASURES_PATH);

        assertTrue(need.allows(ADMIN));
        assertEquals(false, need.allows(new Principal("rita", Set.of(Role.REVIEW, Role.REVIEW_PII), "session")));
        assertEquals(false, need.allows(new Principal("portal", Set.of(Role.DECIDE), "api-key")));
    }
}
