package dev.secondaryorigin.task;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The one way this tool writes an HTTP date (RFC 7231 IMF-fixdate, always GMT), for every header it sends. */
public final class HttpDate {
    /** Not RFC_1123_DATE_TIME: that one writes "1 Dec", where IMF-fixdate needs "01 Dec". */
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.US).withZone(ZoneOffset.UTC);

    private HttpDate() {
    }

    public static String format(long epochMillis) {
        return format(Instant.ofEpochMilli(epochMillis));
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
