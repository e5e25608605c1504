package io.credence.rules.audit;

/**
 * Child process for the durability test: appends records to an H2 audit log, prints each
 * sequence number the moment {@code append} returns, then dies without closing anything.
 */
public final class AppendThenHalt {

    private AppendThenHalt() {
    }

    public static void main(String[] args) {
        JdbcAuditLog log = JdbcAuditLog.open(args[0], "sa", "");
        int count = Integer.parseInt(args[1]);
        for (int n = 1; n <= count; n++) {
            AuditRecord r = log.append(AuditFixtures.decided(n, "APPROVE", "1.0.0"));
            System.out.println("appended " + r.sequence());
            System.out.flush();
        }
        Runtime.getRuntime().halt(137);
    }
}
