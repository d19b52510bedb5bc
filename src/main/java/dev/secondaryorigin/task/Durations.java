package dev.secondaryorigin.task;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them: {@code 90s}, {@code 30m}, {@code 6h}, {@code 2d}; a bare {@code 0} is none. */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*([smhd])", Pattern.CASE_INSENSITIVE);

    private Durations() {
    }

    /** The duration in seconds. Throws {@link IllegalArgumentException} for text that is not a duration. */
    public static long parseSeconds(String s) {
        if (s == null) {
            throw new IllegalArgumentException("no duration");
        }
        String t = s.trim();
        if (t.equals("0")) {
            return 0;
        }
        Matcher m = DURATION.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: " + s);
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "d":
                return n * 86_400;
            case "h":
                return n * 3_600;
            case "m":
                return n * 60;
            default:
                return n;
        }
    }

    /** The shortest way to write {@code seconds} in the units {@link #parseSeconds} reads. */
    public static String format(long seconds) {
        if (seconds == 0) {
            return "0";
        }
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
