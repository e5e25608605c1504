package io.credence.rules.security.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * An identity provider for tests: an RSA 2048, an EC P-256 and an Ed25519 key pair made here, the
 * JWK set of their public halves, and tokens signed (or mis-signed) with them.
 */
public final class TestTokens {

    public static final String ISSUER = "https://idp.example.test/realms/credit";
    public static final String AUDIENCE = "credence";

    public final RSAKey rsa;
    public final ECKey ec;
    public final OctetKeyPair ed;

    public TestTokens() {
        try {
            rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
            ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
            ed = new OctetKeyPairGenerator(Curve.Ed25519).keyID("ed-1").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public JWK set, as an identity provider publishes it. */
    public JWKSet publicKeys() {
        return new JWKSet(List.<JWK>of(rsa, ec, ed)).toPublicJWKSet();
    }

    public Path writeJwks(Path file) {
        try {
            Files.writeString(file, publicKeys().toString(), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Claims a valid token has: issuer, audience, subject, five minutes to live, the roles. */
    public static JWTClaimsSet.Builder claims(String subject, String... roles) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject(subject)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .claim("roles", List.of(roles));
    }

    public String rs256(JWTClaimsSet claims) {
        return sign(JWSAlgorithm.RS256, rsa.getKeyID(), signer(rsa), claims);
    }

    public String es256(JWTClaimsSet claims) {
        return sign(JWSAlgorithm.ES256, ec.getKeyID(), signer(ec), claims);
    }

    public String eddsa(JWTClaimsSet claims) {
        return sign(JWSAlgorithm.EdDSA, ed.getKeyID(), signer(ed), claims);
    }

    /** The key-confusion attack: HS256 with the RSA public key (its X.509 DER bytes) as the HMAC secret. */
    public String hs256WithTheRsaPublicKey(JWTClaimsSet claims) {
        try {
            return sign(JWSAlgorithm.HS256, rsa.getKeyID(), new MACSigner(rsa.toRSAPublicKey().getEncoded()), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same attack with the public key's PEM text as the secret. */
    public String hs256WithTheRsaPublicKeyPem(JWTClaimsSet claims) {
        try {
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(rsa.toRSAPublicKey().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            return sign(JWSAlgorithm.HS256, rsa.getKeyID(), new MACSigner(pem.getBytes(StandardCharsets.US_ASCII)), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none}. */
    public static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    /** Signed by a new RSA key under {@code kid} (a known kid: bad signature; an unknown kid: no key). */
    public static String rs256ByAStranger(String kid, JWTClaimsSet claims) {
        try {
            return sign(JWSAlgorithm.RS256, kid, new RSASSASigner(new RSAKeyGenerator(2048).generate()), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code token} with its payload replaced by {@code claims}, the signature kept. */
    public static String tampered(String token, JWTClaimsSet claims) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + Base64URL.encode(claims.toString()) + "." + parts[2];
    }

    private static JWSSigner signer(JWK key) {
        try {
            if (key instanceof RSAKey r) {
                return new RSASSASigner(r);
            }
            if (key instanceof ECKey e) {
                return new ECDSASigner(e);
            }
            return new Ed25519Signer((OctetKeyPair) key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(JWSAlgorithm alg, String kid, JWSSigner signer, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
