package io.credence.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The end-to-end flow with the audit log in an H2 file database (the service's default store). */
class H2DecisionServiceFlowTest extends DecisionServiceFlowContract {

    @Override
    String auditUrl() {
        return "jdbc:h2:file:" + dir.resolve("audit").toAbsolutePath();
    }

    @Override
    String auditUser() {
        return "sa";
    }

    @Override
    String auditPassword() {
        return "";
    }

    @Override
    Connection rawConnection() throws SQLException {
        return DriverManager.getConnection(auditUrl(), auditUser(), auditPassword());
    }
}
