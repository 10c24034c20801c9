package dev.feedloop.capture;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces user ids by a keyed hash (HMAC-SHA256), so the same user stays linkable across
 * responses while the stored value cannot be reversed or recomputed without the installation's
 * secret.
 */
public final class Pseudonymizer {
    private final SecretKeySpec key;

    public Pseudonymizer(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("pseudonymisation secret must be at least 16 bytes, got " + secret.length);
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    public String pseudonym(String userId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal(userId.getBytes(StandardCharsets.UTF_8));
            return "u_" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }
}
