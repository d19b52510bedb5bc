package dev.secondaryorigin.fc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Checks an {@code Authorization: Bearer <token>} header against the configured {@code HTTP_TOKEN}.
 * Compares SHA-256 digests with {@link MessageDigest#isEqual}, so the time taken does not depend on
 * how much of the token was right, nor on its length.
 */
public final class BearerToken {
    private BearerToken() {
    }

    /** Whether {@code authorizationHeader} carries {@code expected}; false when either is missing. */
    public static boolean matches(String expected, String authorizationHeader) {
        if (expected == null || expected.isEmpty() || authorizationHeader == null) {
            return false;
        }
        String h = authorizationHeader.trim();
        if (h.length() < 7 || !h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return false;
        }
        String given = h.substring(7).trim();
        return MessageDigest.isEqual(sha256(expected), sha256(given));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
