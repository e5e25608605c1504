/**
 * JMH benchmarks (run with {@code mvn -B -Pbench -pl integration-tests -am verify -DskipTests};
 * results in {@code integration-tests/target/jmh-result.json}, reported in docs/benchmarks.md), and
 * the audit tree harness {@link io.credence.bench.AuditTreeBench} (profile {@code treebench}:
 * appends with and without the tree, proofs at 1,000,000 records, verification per 100,000).
 */
package io.credence.bench;
