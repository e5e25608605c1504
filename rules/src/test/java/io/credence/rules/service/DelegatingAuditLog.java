package io.credence.rules.service;

import io.credence.rules.audit.Erasure;
import io.credence.rules.audit.ErasureRequest;
import io.credence.rules.audit.ApplicationHistory;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.audit.AuditHealth;
import io.credence.rules.audit.AuditLog;
import io.credence.rules.audit.AuditQuery;
import io.credence.rules.audit.AuditRecord;
import io.credence.rules.audit.ChainVerification;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Forwards to whichever audit log a test currently uses, so one running service can serve many tests. */
public final class DelegatingAuditLog implements AuditLog {

    private final Supplier<? extends AuditLog> target;

    public DelegatingAuditLog(Supplier<? extends AuditLog> target) {
        this.target = target;
    }

    @Override
    public AuditRecord append(AuditEntry entry) {
        return target.get().append(entry);
    }

    @Override
    public AuditRecord append(AuditEntry entry, long receivedNanos) {
        return target.get().append(entry, receivedNanos);
    }

    @Override
    public CompletableFuture<AuditRecord> appendAsync(AuditEntry entry, long receivedNanos) {
        return target.get().appendAsync(entry, receivedNanos);
    }

    @Override
    public Optional<AuditRecord> find(String decisionId) {
        return target.get().find(decisionId);
    }

    @Override
    public List<AuditRecord> search(AuditQuery query) {
        return target.get().search(query);
    }

    @Override
    public ChainVerification verify() {
        return target.get().verify();
    }

    @Override
    public String inputKey(String canonicalInput) {
        return target.get().inputKey(canonicalInput);
    }

    @Override
    public ApplicationHistory history(String applicationId, String inputKey) {
        return target.get().history(applicationId, inputKey);
    }

    @Override
    public AuditHealth health() {
        return target.get().health();
    }

    @Override
    public Erasure erase(ErasureRequest request) {
        return target.get().erase(request);
    }

    @Override
    public void close() {
    }
}
