/**
 * Command line for the compliance page's users: {@code users add|list|remove --file FILE}. The
 * service's main command registers {@link io.credence.rules.security.users.cli.UsersCommand} as a
 * subcommand; passwords come from standard input or {@code CREDENCE_USER_PASSWORD}, never from an
 * argument (which other users can see in the process list).
 */
package io.credence.rules.security.users.cli;
