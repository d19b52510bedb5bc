package dev.secondaryorigin.cli;

import picocli.CommandLine.Option;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A task's trigger: {@code --every}, or {@code --at} with {@code --days}/{@code --dates} and {@code --tz}, or {@code --cron}. */
final class ScheduleFlags {
    @Option(names = "--every", paramLabel = "INTERVAL", description = "Run at an interval: 30m, 2h, 1h30m, 1d (at "
            + "least 5m; multiples of it since 1970-01-01 00:00 UTC, so 30m runs at :00 and :30).")
    String every;

    @Option(names = "--at", paramLabel = "HH:MM", description = "Run at a specific time of day (in --tz, default UTC).")
    String at;

    @Option(names = "--days", paramLabel = "MON,THU", description = "With --at: only on these weekdays.")
    String days;

    @Option(names = "--dates", paramLabel = "1,15", description = "With --at: only on these days of the month (a "
            + "month without the day is skipped).")
    String dates;

    @Option(names = "--tz", paramLabel = "ZONE", description = "With --at: the time zone, e.g. Asia/Shanghai. "
            + "Default: UTC.")
    String tz;

    @Option(names = "--cron", paramLabel = "'[CRON_TZ=ZONE ]S M H DOM MON DOW'", description = "Raw cron in Function "
            + "Compute's six-field format, UTC unless CRON_TZ= says otherwise, e.g. 'CRON_TZ=Asia/Shanghai 0 0 3 * * MON'.")
    String cron;

    /** The given fields as raw values, keyed by the schedule's field names. */
    Map<String, List<String>> values() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        put(m, "every", every);
        put(m, "at", at);
        put(m, "days", days);
        put(m, "dates", dates);
        put(m, "tz", tz);
        put(m, "cron", cron);
        return m;
    }

    private static void put(Map<String, List<String>> m, String k, String v) {
        if (v != null) {
            m.put(k, Collections.singletonList(v));
        }
    }
}
