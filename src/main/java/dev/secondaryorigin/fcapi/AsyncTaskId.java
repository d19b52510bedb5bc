package dev.secondaryorigin.fcapi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Derives the async task id of one launch so that every dispatcher that launches the same thing computes the same
 * id, and FC drops the repeats. Task names may hold characters FC's ids may not (dots of a domain), so the name is
 * folded to the allowed set and a hash of the exact name keeps two names that fold alike apart.
 */
public final class AsyncTaskId {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int NAME_CHARS = 80;

    private AsyncTaskId() {
    }

    /**
     * The id of the run of {@code taskName} due at {@code firing} (truncated to the minute, UTC), e.g.
     * {@code so_www_example_com_1a2b3c4d_20261201T1530Z}.
     */
    public static String forFiring(String taskName, Instant firing) {
        return forKey(taskName, MINUTE.format(firing.truncatedTo(ChronoUnit.MINUTES)));
    }

    /**
     * The id of the launch of {@code taskName} that {@code key} tells apart from its other launches (letters,
     * digits, _ and - are kept, anything else becomes _), e.g. a pass id for a resumed pass.
     */
    public static String forKey(String taskName, String key) {
        String id = "so_" + fold(taskName, NAME_CHARS) + "_" + hash8(taskName) + "_" + fold(key, 128);
        return id.length() <= 128 ? id : id.substring(0, 128);
    }

    private static String fold(String s, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            b.append(ok ? c : '_');
        }
        return b.toString();
    }

    private static String hash8(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                b.append(Character.forDigit((d[i] >> 4) & 0xf, 16)).append(Character.forDigit(d[i] & 0xf, 16));
            }
            return b.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
