/**
 * Command line for compliance and operations: {@code audit verify} walks the hash chain,
 * {@code audit erase-input} erases an applicant's raw inputs (GDPR). The service's main command
 * registers {@link io.credence.rules.audit.cli.AuditCommand} as a subcommand; it also runs alone.
 */
package io.credence.rules.audit.cli;
