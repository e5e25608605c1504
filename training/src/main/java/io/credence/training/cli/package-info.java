/**
 * The {@code credence-training} command line (picocli): {@code train}, {@code score} and
 * {@code compare}. Run {@code java -jar training/target/credence-training.jar --help}.
 */
package io.credence.training.cli;
