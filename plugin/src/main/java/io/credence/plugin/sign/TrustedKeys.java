package io.credence.plugin.sign;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The public keys whose package signatures a process accepts, by key id. Immutable.
 *
 * <pre>{@code
 * TrustedKeys keys = TrustedKeys.classpath(loader)                   // the release key shipped in the jar
 *         .and(TrustedKeys.directory(Path.of("/etc/credence/trusted-keys")));   // every *.pub there
 * keys.ids();                                                       // [3f1c…, 9d1e…]
 * }</pre>
 *
 * @param keys key id ({@link #keyId}) to the key
 */
public record TrustedKeys(Map<String, PublicKey> keys) {

    /**
     * Classpath resource holding a public key trusted by default (each jar may ship one): the
     * project's release key, which signs the bundled models.
     */
    public static final String RELEASE_KEY_RESOURCE = "META-INF/credence/release-key.pub";
    /** No key. */
    public static final TrustedKeys NONE = new TrustedKeys(Map.of());

    public TrustedKeys {
        keys = Collections.unmodifiableMap(new TreeMap<>(keys));
    }

    /** The key id: SHA-256 of the public key's X.509 (SubjectPublicKeyInfo) encoding, 64 hex digits. */
    public static String keyId(PublicKey key) {
        return PackageSignature.sha256(key.getEncoded());
    }

    /** These keys. */
    public static TrustedKeys of(PublicKey... keys) {
        Map<String, PublicKey> byId = new TreeMap<>();
        for (PublicKey key : keys) {
            KeyFiles.checkEd25519(key, "trusted key");
            byId.put(keyId(key), key);
        }
        return new TrustedKeys(byId);
    }

    /**
     * Every {@code *.pub} file (X.509 PEM, as {@link KeyFiles} writes) in {@code dir}.
     *
     * @throws IllegalArgumentException when {@code dir} is not a folder, holds no key, or a file is not a key
     */
    public static TrustedKeys directory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("trusted keys: " + dir + " is not a folder of *.pub public key files");
        }
        Map<String, PublicKey> byId = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pub")).sorted().toList()) {
                PublicKey key = KeyFiles.readPublicKey(file);
                byId.put(keyId(key), key);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list trusted keys in " + dir, e);
        }
        if (byId.isEmpty()) {
            throw new IllegalArgumentException("trusted keys: " + dir + " holds no *.pub public key file");
        }
        return new TrustedKeys(byId);
    }

    /** The keys at {@value #RELEASE_KEY_RESOURCE} on the class loader's path (none when there are none). */
    public static TrustedKeys classpath(ClassLoader loader) {
        Map<String, PublicKey> byId = new TreeMap<>();
        try {
            for (URL url : Collections.list(loader.getResources(RELEASE_KEY_RESOURCE))) {
                try (InputStream in = url.openStream()) {
                    PublicKey key = KeyFiles.parsePublicKey(new String(in.readAllBytes(), StandardCharsets.US_ASCII),
                            url.toString());
                    byId.put(keyId(key), key);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RELEASE_KEY_RESOURCE, e);
        }
        return new TrustedKeys(byId);
    }

    /** These keys and {@code more}. */
    public TrustedKeys and(TrustedKeys more) {
        Map<String, PublicKey> all = new TreeMap<>(keys);
        all.putAll(more.keys);
        return new TrustedKeys(all);
    }

    /** The trusted key ids, in order. */
    public java.util.Set<String> ids() {
        return keys.keySet();
    }

    @Override
    public String toString() {
        return "TrustedKeys" + ids();
    }
}
