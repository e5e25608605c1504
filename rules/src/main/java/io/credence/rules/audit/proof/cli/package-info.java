/**
 * Command line for the audit log's proofs: {@code verify-receipt} checks an inclusion proof
 * document offline against the log's public key, {@code keygen} makes the checkpoint signing key.
 * Both run alone or as subcommands of the service's {@code audit} command.
 */
package io.credence.rules.audit.proof.cli;
