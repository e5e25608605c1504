package io.credence.rules.security.apikey;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credence.rules.security.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The API key file: a small JSON document of names, roles, creation times and SHA-256 hashes,
 * written whole to a new file (mode 600 where the file system has POSIX permissions) that then
 * replaces the old one in one atomic rename, so a reader never sees half a file.
 *
 * <pre>{@code
 * List<ApiKey> keys = ApiKeyFile.readOrEmpty(path);
 * ApiKeyFile.write(path, List.of(ApiKey.of("loan-portal", Set.of(Role.DECIDE), Instant.now(), key)));
 * }</pre>
 *
 * <pre>
 * {"format": 1, "keys": [{"name": "loan-portal", "roles": ["decide"],
 *   "createdAt": "2026-05-04T10:15:30Z", "sha256": "9f86d081..."}]}
 * </pre>
 */
public final class ApiKeyFile {

    /** The layout version; a new layout gets a new number. */
    public static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ApiKeyFile() {
    }

    /**
     * The keys of an existing file.
     *
     * @throws IllegalArgumentException naming the file and the entry when it is not a key file
     * @throws UncheckedIOException     when it cannot be read (also when it does not exist)
     */
    public static List<ApiKey> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("API key file " + file + " does not exist (create it with: credence keys add --file "
                    + file + " --name NAME --roles ROLE)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read API key file " + file + ": " + e.getMessage(), e);
        }
        return parse(file, new String(bytes, StandardCharsets.UTF_8));
    }

    /** The keys of a file, or none when it does not exist yet. */
    public static List<ApiKey> readOrEmpty(Path file) {
        return Files.exists(file) ? read(file) : List.of();
    }

    static List<ApiKey> parse(Path file, String text) {
        JsonNode doc;
        try {
            doc = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("API key file " + file + " is not JSON: " + e.getOriginalMessage(), e);
        }
        if (doc == null || !doc.isObject() || doc.path("format").asInt(-1) != FORMAT || !doc.path("keys").isArray()) {
            throw new IllegalArgumentException("API key file " + file + " must be {\"format\": " + FORMAT
                    + ", \"keys\": [...]}");
        }
        List<ApiKey> keys = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int n = 0;
        for (JsonNode k : doc.get("keys")) {
            n++;
            try {
                Set<Role> roles = new LinkedHashSet<>();
                for (JsonNode r : k.path("roles")) {
                    roles.add(Role.of(r.asText()));
                }
                ApiKey key = new ApiKey(k.path("name").asText(null), roles, Instant.parse(k.path("createdAt").asText("")),
                        k.path("sha256").asText(null));
                if (!names.add(key.name())) {
                    throw new IllegalArgumentException("the name " + key.name() + " is used twice");
                }
                keys.add(key);
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new IllegalArgumentException("API key file " + file + ", key " + n + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(keys);
    }

    /** Replaces the file with {@code keys}: written to a new file, synced, then renamed over the old one. */
    public static void write(Path file, List<ApiKey> keys) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("format", FORMAT);
        ArrayNode list = doc.putArray("keys");
        for (ApiKey key : keys) {
            ObjectNode k = list.addObject();
            k.put("name", key.name());
            ArrayNode roles = k.putArray("roles");
            key.roles().stream().map(Role::label).sorted().forEach(roles::add);
            k.put("createdAt", key.createdAt().toString());
            k.put("sha256", key.sha256());
        }
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = newPrivateFile(dir, file.getFileName().toString());
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(doc)));
                out.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write API key file " + file + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // The write failed already; that is the error reported.
                }
            }
        }
    }

    /** A new empty file next to the key file, readable and writable by its owner only where POSIX allows. */
    private static Path newPrivateFile(Path dir, String name) throws IOException {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.createTempFile(dir, "." + name + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return Files.createTempFile(dir, "." + name + ".", ".tmp");
    }
}
