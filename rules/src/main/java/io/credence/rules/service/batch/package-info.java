/**
 * Batch files, streamed: records read one at a time within a size bound ({@link
 * io.credence.rules.service.batch.RecordReader}: byte-order mark, RFC 4180 framing for CSV), as
 * text or as a reason they cannot be read ({@link io.credence.rules.service.batch.BatchInput}), and
 * a results file written as it goes that a later run resumes after a crash ({@link
 * io.credence.rules.service.batch.ResultsFile}). Deciding the records is the routes' {@code
 * BatchFile}; parsing a CSV record into fields is Commons CSV's, in {@code CsvApplications}.
 */
package io.credence.rules.service.batch;
