/** The command line of the service jar: {@code serve} and {@code audit}. */
package io.credence.rules.service.cli;
