/**
 * The people who may use the compliance page in a browser: a {@link io.credence.rules.security.users.UsersFile}
 * of {@link io.credence.rules.security.users.User}s with BCrypt password hashes
 * ({@link io.credence.rules.security.users.Passwords}), written by the {@code credence users} command
 * and read by the service through a {@link io.credence.rules.security.users.UserDirectory}, which checks
 * a name and password without telling whether the name exists. See {@code docs/security.md}.
 */
package io.credence.rules.security.users;
