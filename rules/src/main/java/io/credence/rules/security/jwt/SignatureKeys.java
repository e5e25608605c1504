package io.credence.rules.security.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.Key;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The keys and verifiers nimbus's {@code DefaultJWTProcessor} may use: only RS256 (RSA keys of at
 * least 2048 bits), ES256 (P-256) and EdDSA / Ed25519, with public keys from the JWK set. Any
 * other {@code alg} (none, HS256 and every HMAC, so also an HMAC "signed" with the RSA public key)
 * finds no key and is refused.
 *
 * <pre>{@code
 * DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
 * p.setJWSKeySelector(SignatureKeys.selector(jwkSource));
 * p.setJWSVerifierFactory(SignatureKeys.verifiers());
 * }</pre>
 *
 * <p>Why not nimbus's {@code JWSVerificationKeySelector} and {@code DefaultJWSVerifierFactory}:
 * in 10.10 they turn JWKs into Java keys and make verifiers for RSA, EC and HMAC only; an Ed25519
 * key (OKP) has no Java key form there. This selector does what theirs does (match the JWK set by
 * the header's {@code kid}, key type and use, via {@link JWKMatcher#forJWSHeader}) and hands an
 * Ed25519 key through as {@link Ed25519Key}, which the factory gives to nimbus's
 * {@link Ed25519Verifier} (Google Tink underneath). No signature code of our own.
 */
public final class SignatureKeys {

    /** The signature algorithms accepted; {@code Ed25519} is RFC 9864's fully specified name of EdDSA on Ed25519. */
    public static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA,
            JWSAlgorithm.Ed25519);
    /** Shorter RSA keys are refused. */
    public static final int MIN_RSA_BITS = 2048;

    private SignatureKeys() {
    }

    /** An Ed25519 public JWK carried where nimbus expects a {@link Key}. */
    public record Ed25519Key(OctetKeyPair jwk) implements PublicKey {
        public Ed25519Key {
            if (!Curve.Ed25519.equals(jwk.getCurve()) || jwk.isPrivate()) {
                throw new IllegalArgumentException("an Ed25519 public key is expected, was " + jwk.getCurve()
                        + (jwk.isPrivate() ? " (private)" : ""));
            }
        }

        @Override
        public String getAlgorithm() {
            return "Ed25519";
        }

        @Override
        public String getFormat() {
            return null;
        }

        @Override
        public byte[] getEncoded() {
            return null;
        }
    }

    /** Selects the verification keys for a header from {@code source}: none for a disallowed {@code alg}. */
    public static JWSKeySelector<SecurityContext> selector(JWKSource<SecurityContext> source) {
        return (header, context) -> select(source, header, context);
    }

    /** Makes verifiers for the allowed algorithms only. */
    public static JWSVerifierFactory verifiers() {
        return new Verifiers();
    }

    private static List<Key> select(JWKSource<SecurityContext> source, JWSHeader header, SecurityContext context)
            throws KeySourceException {
        JWSAlgorithm alg = header.getAlgorithm();
        if (!ALLOWED.contains(alg)) {
            return List.of();
        }
        JWKMatcher matcher = JWKMatcher.forJWSHeader(header);
        if (matcher == null) {
            return List.of();
        }
        List<Key> keys = new ArrayList<>();
        for (JWK jwk : source.get(new JWKSelector(matcher), context)) {
            try {
                if (alg.equals(JWSAlgorithm.RS256) && jwk instanceof RSAKey rsa && rsa.size() >= MIN_RSA_BITS) {
                    keys.add(rsa.toRSAPublicKey());
                } else if (alg.equals(JWSAlgorithm.ES256) && jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
                    keys.add(ec.toECPublicKey());
                } else if (jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())
                        && (alg.equals(JWSAlgorithm.EdDSA) || alg.equals(JWSAlgorithm.Ed25519))) {
                    keys.add(new Ed25519Key(okp.toPublicJWK()));
                }
            } catch (JOSEException e) {
                // A JWK that is not a usable public key is skipped, as nimbus's own selector does.
            }
        }
        return keys;
    }

    private static final class Verifiers implements JWSVerifierFactory {
        private final JCAContext jca = new JCAContext();

        @Override
        public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
            JWSAlgorithm alg = header.getAlgorithm();
            if (alg.equals(JWSAlgorithm.RS256) && key instanceof RSAPublicKey rsa) {
                return new RSASSAVerifier(rsa);
            }
            if (alg.equals(JWSAlgorithm.ES256) && key instanceof ECPublicKey ec) {
                return new ECDSAVerifier(ec);
            }
            if ((alg.equals(JWSAlgorithm.EdDSA) || alg.equals(JWSAlgorithm.Ed25519)) && key instanceof Ed25519Key ed) {
                return new Ed25519Verifier(ed.jwk());
            }
            throw new JOSEException("signature algorithm " + alg + " is not accepted (only " + ALLOWED + ")");
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return ALLOWED;
        }

        @Override
        public JCAContext getJCAContext() {
            return jca;
        }
    }
}
