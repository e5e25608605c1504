package io.credence.rules.service;

import io.credence.plugin.sign.PackageTrust;
import io.credence.plugin.sign.TrustedKeys;
import java.nio.file.Path;

/**
 * Which model packages the service serves: those signed by the project's release key (shipped in
 * the jar at {@value TrustedKeys#RELEASE_KEY_RESOURCE}, which signs the bundled models) or by a
 * key in {@code trustedKeys}; unsigned ones only when {@code allowUnsigned} (warned about, one line
 * per package). A bad signature is always refused.
 *
 * <pre>{@code
 * ModelTrust trust = new ModelTrust(Path.of("/etc/credence/trusted-keys"), false);   // serve --trusted-keys DIR
 * ModelRegistry models = ServiceModels.load(Path.of("models"), "auto", 64, trust);
 * }</pre>
 *
 * @param trustedKeys   {@code credence.models.trusted-keys}: a folder of {@code *.pub} keys trusted besides the
 *                      release key; null = the release key only
 * @param allowUnsigned {@code credence.models.allow-unsigned}: serve packages that have no signature
 */
public record ModelTrust(Path trustedKeys, boolean allowUnsigned) {

    /** The release key only; unsigned packages refused. */
    public static final ModelTrust DEFAULT = new ModelTrust(null, false);

    /**
     * The keys and rule to check packages with; reads the key files now.
     *
     * @throws IllegalArgumentException naming the folder or file when a trusted key cannot be read
     */
    public PackageTrust packageTrust() {
        TrustedKeys keys = TrustedKeys.classpath(ModelTrust.class.getClassLoader());
        if (trustedKeys != null) {
            keys = keys.and(TrustedKeys.directory(trustedKeys));
        }
        return new PackageTrust(keys, allowUnsigned);
    }
}
