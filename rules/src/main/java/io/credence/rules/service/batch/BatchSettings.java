package io.credence.rules.service.batch;

/**
 * How the file batch channel reads and writes one file.
 *
 * <pre>{@code
 * BatchSettings settings = new BatchSettings(65536, 1000, 16);
 * }</pre>
 *
 * @param maxLineBytes {@code credence.file.max-line-bytes}: a longer line (CSV: record) is rejected
 *                     without being held in memory
 * @param syncEvery    {@code credence.file.sync-every}: results lines between forcing the partial
 *                     results file to disk (also forced at the end and when a run stops)
 * @param concurrency  {@code credence.file.concurrency}: records of one file decided at the same
 *                     time; each waits for its audit record to be durable, so more in flight share
 *                     audit commits. Results stay in input order; 1 = one at a time
 */
public record BatchSettings(int maxLineBytes, int syncEvery, int concurrency) {

    /** The defaults of {@code application.properties}. */
    public static final BatchSettings DEFAULTS = new BatchSettings(65536, 1000, 16);

    public BatchSettings {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("credence.file.max-line-bytes must be at least 1, was " + maxLineBytes);
        }
        if (syncEvery < 1) {
            throw new IllegalArgumentException("credence.file.sync-every must be at least 1, was " + syncEvery);
        }
        if (concurrency < 1 || concurrency > 1024) {
            throw new IllegalArgumentException("credence.file.concurrency must be 1..1024, was " + concurrency);
        }
    }
}
