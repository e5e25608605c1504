package io.credence.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.chaos.FileKillScenario;
import io.credence.chaos.Workload;
import io.credence.rules.audit.JdbcAuditLog;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file batch channel survives {@code kill -9}: a service process ({@code serve}, file channel
 * on, H2 audit log) is killed part-way through a file, a second one started on the same folders
 * and store finishes it, and the results file has exactly one line per input line, in order, while
 * the audit log has exactly one record per application. The chaos harness runs the same steps as
 * its {@code file-kill} scenario ({@link FileKillScenario}).
 */
class FileBatchKillTest {

    static final int LINES = 1000;
    /** The first process is killed once its partial results hold at least this many lines. */
    static final int KILL_AFTER = 100;

    @TempDir
    Path dir;

    @Test
    void aServiceKilledPartWayThroughAFileIsResumedByTheNextWithNothingLostAndNothingDecidedTwice() throws Exception {
        List<Workload.Application> apps = Workload.german("KILL", LINES);

        FileKillScenario.Outcome run = FileKillScenario.execute(dir, apps, KILL_AFTER);

        assertTrue(run.linesAtKill() >= KILL_AFTER && run.linesAtKill() < LINES, "killed part-way: " + run.linesAtKill());
        assertEquals(LINES, run.resultLines().size(), "one results line per input line");
        assertEquals(apps.stream().map(Workload.Application::id).toList(), run.applicationIds(),
                "every line decided, in input order");
        try (Connection c = DriverManager.getConnection(run.auditUrl(), "sa", "");
             Statement s = c.createStatement();
             ResultSet counts = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT application_id) FROM audit_record")) {
            counts.next();
            assertEquals(LINES, counts.getLong(1), "one audit record per line: none decided twice");
            assertEquals(LINES, counts.getLong(2));
        }
        try (JdbcAuditLog log = JdbcAuditLog.open(run.auditUrl(), "sa", "")) {
            assertTrue(log.verify().intact());
        }
        assertTrue(run.done(), "the input moved to .done");
        System.out.printf("killed with %d result lines written; %d line(s) came back replayed%n", run.linesAtKill(),
                run.replayed());
    }
}
