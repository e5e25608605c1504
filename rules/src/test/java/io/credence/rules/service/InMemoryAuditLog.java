package io.credence.rules.service;

import io.credence.rules.audit.Erasure;
import io.credence.rules.audit.ErasureRequest;
import io.credence.rules.audit.ApplicationHistory;
import io.credence.rules.audit.AuditEntry;
import io.credence.rules.audit.AuditHealth;
import io.credence.rules.audit.DuplicateInputException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import io.credence.rules.audit.AuditEntryRefusedException;
import io.credence.rules.audit.AuditLog;
import io.credence.rules.audit.AuditQuery;
import io.credence.rules.audit.AuditRecord;
import io.credence.rules.audit.AuditUnavailableException;
import io.credence.rules.audit.ChainVerification;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double of the audit log: keeps records in memory, and can be switched to refuse every
 * write the way a store that is down does. The real store is JdbcAuditLog; the service only
 * relies on the {@link AuditLog} contract.
 */
public final class InMemoryAuditLog implements AuditLog {

    private final List<AuditRecord> records = new ArrayList<>();
    private volatile boolean down;
    private final AtomicInteger refusals = new AtomicInteger();
    private final AtomicInteger sameInputLookups = new AtomicInteger();
    private int downAfter = -1;
    private volatile long appendMillis;
    private final byte[] secret = new SecureRandom().generateSeed(32);
    private volatile AuditEntry.Status refused;

    /** From now on every append throws AuditUnavailableException and writes nothing. */
    public void goDown() {
        down = true;
    }

    /**
     * From now on every append of an entry with this status throws AuditEntryRefusedException
     * (SQLState 22021) and writes nothing, the way a working store refuses text it cannot keep.
     */
    public void refuse(AuditEntry.Status status) {
        refused = status;
    }

    /** The store is back: appends and reads work again. */
    public void goUp() {
        down = false;
    }

    /** Calls refused because the store was down. */
    public int refusals() {
        return refusals.get();
    }

    /** History lookups that found the identical input already recorded (each one answers a replay). */
    public int sameInputLookups() {
        return sameInputLookups.get();
    }

    /** Accepts this many more appends, then goes down. */
    public synchronized void goDownAfter(int appends) {
        downAfter = records.size() + appends;
    }

    /** From now on each append takes this long (a slow store). */
    public void slowDown(long appendMillis) {
        this.appendMillis = appendMillis;
    }

    /** Up again: appends are written. */
    public synchronized void comeBack() {
        down = false;
        downAfter = -1;
    }

    public synchronized List<AuditEntry> entries() {
        return records.stream().map(AuditRecord::entry).toList();
    }

    @Override
    public synchronized AuditRecord append(AuditEntry entry) {
        if (appendMillis > 0) {
            try {
                Thread.sleep(appendMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AuditUnavailableException("test double: interrupted", e);
            }
        }
        if (downAfter >= 0 && records.size() >= downAfter) {
            down = true;
        }
        if (down) {
            refusals.incrementAndGet();
            throw new AuditUnavailableException("test double: the audit store is down", null);
        }
        if (entry.inputKey() != null) {
            String existing = history(entry.applicationId(), entry.inputKey()).sameInputDecisionId();
            if (existing != null) {
                throw new DuplicateInputException(existing, "test double: input already recorded", null);
            }
        }
        if (entry.status() == refused) {
            throw new AuditEntryRefusedException("test double: the audit store refused decision " + entry.decisionId(),
                    "22021", null);
        }
        String previous = records.isEmpty() ? "0".repeat(64) : records.get(records.size() - 1).recordHash();
        AuditRecord record = new AuditRecord(records.size() + 1, entry, "0".repeat(64), previous,
                String.format("%064x", records.size() + 1), null);
        records.add(record);
        return record;
    }

    @Override
    public synchronized Optional<AuditRecord> find(String decisionId) {
        if (down) {
            refusals.incrementAndGet();
            throw new AuditUnavailableException("test double: the audit store is down", null);
        }
        return records.stream().filter(r -> r.entry().decisionId().equals(decisionId)).findFirst();
    }

    @Override
    public synchronized List<AuditRecord> search(AuditQuery query) {
        return new ArrayList<>(records).stream().sorted((a, b) -> Long.compare(b.sequence(), a.sequence())).limit(query.limit()).toList();
    }

    @Override
    public ChainVerification verify() {
        return ChainVerification.intact(records.size());
    }

    @Override
    public Erasure erase(ErasureRequest request) {
        return new Erasure(null, List.of(), 0);
    }

    @Override
    public String inputKey(String canonicalInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(canonicalInput.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized ApplicationHistory history(String applicationId, String inputKey) {
        if (down) {
            refusals.incrementAndGet();
            throw new AuditUnavailableException("test double: the audit store is down", null);
        }
        String same = null;
        String latest = null;
        for (AuditRecord r : records) {
            AuditEntry e = r.entry();
            if (applicationId != null && applicationId.equals(e.applicationId())) {
                if (inputKey != null && inputKey.equals(e.inputKey())) {
                    same = e.decisionId();
                }
                if (e.status() == AuditEntry.Status.DECIDED) {
                    latest = e.decisionId();
                }
            }
        }
        if (same != null) {
            sameInputLookups.incrementAndGet();
            return new ApplicationHistory(same, null);
        }
        return new ApplicationHistory(null, latest);
    }

    @Override
    public AuditHealth health() {
        return down ? AuditHealth.down("test double: the audit store is down") : AuditHealth.up("test double");
    }

    private volatile boolean closed;

    /** True once {@link #close()} was called. */
    public boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
