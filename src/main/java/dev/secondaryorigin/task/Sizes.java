package dev.secondaryorigin.task;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as people write them: {@code 1GiB}, {@code 32MB}, {@code 4096}. */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMGT]?)(I?B?)", Pattern.CASE_INSENSITIVE);

    private Sizes() {
    }

    /**
     * The size in bytes. Throws {@link IllegalArgumentException} for text that is not a size and
     * {@link ArithmeticException} for a size beyond {@code Long.MAX_VALUE} bytes, so callers can say "too large".
     */
    public static long parse(String s) {
        if (s == null) {
            throw new IllegalArgumentException("no size");
        }
        Matcher m = SIZE.matcher(s.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: " + s);
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new ArithmeticException("size too large: " + s);
        }
        String unit = m.group(2).toUpperCase(Locale.ROOT);
        boolean binary = m.group(3).toUpperCase(Locale.ROOT).startsWith("I");
        long base = binary ? 1024 : 1000;
        int pow = "KMGT".indexOf(unit.isEmpty() ? "-" : unit) + 1;
        if (unit.isEmpty() && binary) {
            throw new IllegalArgumentException("not a size: " + s);
        }
        for (int i = 0; i < pow; i++) {
            n = Math.multiplyExact(n, base);
        }
        return n;
    }

    public static String format(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
