/**
 * The HTTP load harness of the decision service ({@link io.credence.load.LoadHarness}) and what it
 * sends: loan applications built from German-credit rows ({@link io.credence.load.GermanApplications})
 * posted over loopback HTTP by {@link io.credence.load.DecisionClient}. The end-to-end tests use the
 * same applications and client. Results and the command that produced them: docs/benchmarks.md,
 * section "HTTP load (decision service)".
 */
package io.credence.load;
