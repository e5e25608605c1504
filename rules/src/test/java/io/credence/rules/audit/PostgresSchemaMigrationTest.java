package io.credence.rules.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PostgresSchemaMigrationTest extends SchemaMigrationContract {

    @BeforeEach
    void emptyStore() throws SQLException {
        TestPostgres.assumeAvailable();
        TestPostgres.emptyStore();
    }

    @Override
    protected String url() {
        return TestPostgres.URL;
    }

    @Override
    protected String user() {
        return TestPostgres.USER;
    }

    @Override
    protected String password() {
        return TestPostgres.PASSWORD;
    }

    @Override
    protected Connection raw() throws SQLException {
        return TestPostgres.connect();
    }

    @Test
    void servicesOpeningAnEmptyStoreAtOnceAllSucceedAndEveryScriptRunsOnce() throws Exception {
        int services = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(services);
        List<Future<JdbcAuditLog>> opened = new ArrayList<>();
        try {
            for (int i = 0; i < services; i++) {
                opened.add(pool.submit(() -> {
                    start.await();
                    return open();
                }));
            }
            start.countDown();
            for (Future<JdbcAuditLog> f : opened) {
                try (JdbcAuditLog log = f.get(60, TimeUnit.SECONDS)) {
                    log.append(AuditFixtures.decided(opened.indexOf(f), "APPROVE", "1.0.0"));
                }
            }
        } finally {
            pool.shutdownNow();
        }

        try (Connection c = raw(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT version) FROM "
                     + SchemaMigrator.HISTORY_TABLE + " WHERE success")) {
            rs.next();
            assertEquals(rs.getLong(2), rs.getLong(1), "no script ran twice");
            assertEquals(info().applied().length, rs.getLong(1));
        }
        assertEquals(0, info().pending().length);
        try (JdbcAuditLog log = open()) {
            assertEquals(ChainVerification.intact(services), log.verify());
        }
    }
}
