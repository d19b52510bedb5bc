package dev.secondaryorigin.tasks;

import dev.secondaryorigin.task.ConfigException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScheduleTest {
    private static Schedule s(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return Schedule.parse(m);
    }

    private static List<String> next(Schedule s, String from, int n) {
        List<String> out = new ArrayList<>();
        Instant t = Instant.parse(from);
        for (int i = 0; i < n; i++) {
            t = s.nextAfter(t).get();
            out.add(t.toString());
        }
        return out;
    }

    @Test
    void intervalsAreMultiplesSinceTheEpoch() {
        Schedule every = s("every", "30m");
        assertEquals(List.of("2026-12-01T10:30:00Z", "2026-12-01T11:00:00Z"), next(every, "2026-12-01T10:17:00Z", 2));
        assertEquals(Instant.parse("2026-12-01T10:00:00Z"), every.latestAtOrBefore(Instant.parse("2026-12-01T10:29:59Z")).get());
        assertEquals(Instant.parse("2026-12-01T10:30:00Z"), every.latestAtOrBefore(Instant.parse("2026-12-01T10:30:00Z")).get());
        assertEquals(List.of("2026-12-01T12:00:00Z"), next(s("every", "1h30m"), "2026-12-01T10:31:00Z", 1));
        assertTrue(every.firesWithin(Instant.parse("2026-12-01T10:30:00Z")));
        assertFalse(every.firesWithin(Instant.parse("2026-12-01T10:31:00Z")));
    }

    @Test
    void intervalsBelowFiveMinutesOrMalformedAreRefusedNamingTheOption() {
        for (String bad : new String[] {"4m", "0m", "30", "30s", "m", "", "-5m", "32d"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> s("every", bad), bad);
            assertEquals("every", e.option());
            assertTrue(e.getMessage().contains("5m"), e.getMessage());
        }
        assertEquals(List.of("2026-12-01T10:05:00Z"), next(s("every", "5m"), "2026-12-01T10:00:00Z", 1));
    }

    @Test
    void specificTimesOnWeekdaysInAZone() {
        // 09:00 in Shanghai (UTC+8, no DST) on Mondays and Thursdays; 2026-12-01 is a Tuesday.
        Schedule at = s("at", "09:00", "days", "mon,Thursday", "tz", "Asia/Shanghai");
        assertEquals("at 09:00 days MON,THU tz Asia/Shanghai", at.describe());
        assertEquals(List.of("2026-12-03T01:00:00Z", "2026-12-07T01:00:00Z", "2026-12-10T01:00:00Z"),
                next(at, "2026-12-01T00:00:00Z", 3));
    }

    @Test
    void daylightSavingChangesAsTheLibraryDefinesThem() {
        // Berlin springs forward on 2026-03-29 (02:00 -> 03:00): 02:30 does not exist that day and is skipped.
        Schedule spring = s("at", "02:30", "tz", "Europe/Berlin");
        assertEquals(List.of("2026-03-28T01:30:00Z", "2026-03-30T00:30:00Z"), next(spring, "2026-03-28T00:00:00Z", 2));
        // and falls back on 2026-10-25 (03:00 -> 02:00): 02:30 happens twice and fires once, at the first (CEST).
        assertEquals(List.of("2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"),
                next(spring, "2026-10-24T00:00:00Z", 3));
        // 09:00 local stays 09:00 local across the change: 08:00Z in winter, 07:00Z in summer.
        Schedule nine = s("at", "09:00", "tz", "Europe/Berlin");
        assertEquals(List.of("2026-03-28T08:00:00Z", "2026-03-29T07:00:00Z"), next(nine, "2026-03-28T00:00:00Z", 2));
    }

    @Test
    void monthEndsSkipMonthsWithoutTheDay() {
        Schedule d31 = s("at", "06:00", "dates", "31");
        assertEquals(List.of("2026-01-31T06:00:00Z", "2026-03-31T06:00:00Z", "2026-05-31T06:00:00Z"),
                next(d31, "2026-01-01T00:00:00Z", 3));
        Schedule firstAndFifteenth = s("at", "00:00", "dates", "15,1");
        assertEquals("at 00:00 dates 1,15", firstAndFifteenth.describe());
        assertEquals(List.of("2026-02-01T00:00:00Z", "2026-02-15T00:00:00Z", "2026-03-01T00:00:00Z"),
                next(firstAndFifteenth, "2026-01-31T12:00:00Z", 3));
        // Leap day: 29 February fires in 2028 only.
        assertEquals(List.of("2028-02-29T12:00:00Z"), next(s("cron", "0 0 12 29 2 ?"), "2026-01-01T00:00:00Z", 1));
    }

    @Test
    void sixFieldCronIsUtcWithoutCronTz() {
        Schedule c = s("cron", "0 15 3 * * MON-FRI");
        // 2026-12-05 is a Saturday.
        assertEquals(List.of("2026-12-04T03:15:00Z", "2026-12-07T03:15:00Z"), next(c, "2026-12-04T00:00:00Z", 2));
        // Day-of-week as numbers, 0 = Sunday, as FC's timer.
        assertEquals(List.of("2026-12-06T03:15:00Z"), next(s("cron", "0 15 3 ? * 0"), "2026-12-04T00:00:00Z", 1));
        Schedule steps = s("cron", "0 0/20 * * * *");
        assertEquals(List.of("2026-12-04T00:20:00Z", "2026-12-04T00:40:00Z"), next(steps, "2026-12-04T00:00:00Z", 2));
        // Seconds count: a cron at second 30 fires within its minute.
        Schedule thirty = s("cron", "30 10 * * * *");
        assertTrue(thirty.firesWithin(Instant.parse("2026-12-04T05:10:00Z")));
        assertEquals(Optional.of(Instant.parse("2026-12-04T05:10:30Z")),
                thirty.latestAtOrBefore(Instant.parse("2026-12-04T05:10:59Z")));
    }

    @Test
    void cronTzPrefixComputesInThatZone() {
        Schedule ny = s("cron", "CRON_TZ=America/New_York 0 0 8 * * *");
        // New York leaves DST on 2026-11-01: 08:00 is 12:00Z before and 13:00Z after.
        assertEquals(List.of("2026-10-31T12:00:00Z", "2026-11-01T13:00:00Z"), next(ny, "2026-10-31T00:00:00Z", 2));
    }

    @Test
    void badSchedulesAreRefusedNamingTheOption() {
        assertEquals("cron", assertThrows(ConfigException.class, () -> s("cron", "0 * * * * *")).option());
        assertTrue(assertThrows(ConfigException.class, () -> s("cron", "0 * * * * *")).getMessage().contains("5 minutes"));
        assertEquals("cron", assertThrows(ConfigException.class, () -> s("cron", "0 0 9 * *")).option());
        assertEquals("cron", assertThrows(ConfigException.class, () -> s("cron", "0 0 25 * * *")).option());
        assertEquals("cron", assertThrows(ConfigException.class, () -> s("cron", "0 0 9 30 2 ?")).option());
        assertEquals("cron", assertThrows(ConfigException.class, () -> s("cron", "CRON_TZ=Mars/Olympus 0 0 9 * * *")).option());
        assertEquals("tz", assertThrows(ConfigException.class, () -> s("at", "09:00", "tz", "Nowhere/City")).option());
        assertEquals("at", assertThrows(ConfigException.class, () -> s("at", "9am")).option());
        assertEquals("days", assertThrows(ConfigException.class, () -> s("at", "09:00", "days", "MON,FUNDAY")).option());
        assertEquals("dates", assertThrows(ConfigException.class, () -> s("at", "09:00", "dates", "0")).option());
        assertEquals("dates", assertThrows(ConfigException.class,
                () -> s("at", "09:00", "days", "MON", "dates", "1")).option());
        assertEquals("tz", assertThrows(ConfigException.class, () -> s("every", "30m", "tz", "UTC")).option());
        assertEquals("every", assertThrows(ConfigException.class, () -> s()).option());
        assertEquals("every", assertThrows(ConfigException.class, () -> s("every", "30m", "cron", "0 0 9 * * *")).option());
    }

    @Test
    void theRegistryFormRoundTrips() {
        for (Schedule x : new Schedule[] {s("every", "2h"), s("at", "07:05", "dates", "1,15", "tz", "Asia/Shanghai"),
                s("cron", "CRON_TZ=Europe/Berlin 0 30 2 * * *")}) {
            Schedule back = Schedule.fromJson(x.toJson());
            assertEquals(x.describe(), back.describe());
            assertEquals(next(x, "2026-06-01T00:00:00Z", 5), next(back, "2026-06-01T00:00:00Z", 5));
        }
    }
}
