package io.credence.rules.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A secret kept in a file (a password, a key's passphrase), the way secret stores mount them
 * ({@code /run/secrets/audit-db}): the whole file, trailing line breaks stripped.
 *
 * <pre>{@code
 * String password = SecretFile.read(Path.of("/run/secrets/audit-db"), "--password-file /run/secrets/audit-db",
 *         "the audit store's password");
 * }</pre>
 */
public final class SecretFile {

    private SecretFile() {
    }

    /**
     * @param file  the file
     * @param named how the file was named, for the error ({@code --password-file /run/secrets/db})
     * @param holds what the file should hold, for the error ({@code the audit store's password})
     * @throws UncheckedIOException naming the file, never its content
     */
    public static String read(Path file, String named, String holds) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.length();
            while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
                end--;
            }
            return text.substring(0, end);
        } catch (IOException e) {
            throw new UncheckedIOException(named + " cannot be read (" + e.getClass().getSimpleName()
                    + "); it should hold " + holds, e);
        }
    }
}
