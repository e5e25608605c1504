/**
 * JMH benchmarks (run with {@code mvn -B -Pbench -pl integration-tests -am verify -DskipTests};
 * results in {@code integration-tests/target/jmh-result.json}, reported in docs/benchmarks.md).
 */
package io.credence.bench;
