package dev.secondaryorigin.tasks;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.secondaryorigin.task.ConfigException;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a task runs, in the console's three trigger modes: an interval ({@code every 30m}: every multiple of 30
 * minutes since 1970-01-01T00:00Z, so 30m fires at :00 and :30 UTC), a specific time ({@code at 09:00}, optionally
 * on some weekdays or days of the month, in a time zone) or raw cron in Function Compute's six-field format
 * (seconds minutes hours day-of-month month day-of-week, day-of-week 0-6 or SUN-SAT) with an optional
 * {@code CRON_TZ=Zone} prefix, UTC without. Specific times and cron are computed by cron-utils in the zone:
 * a local time that a daylight-saving change skips does not fire that day, one it repeats fires once, and a
 * day of month a month lacks (the 31st) is skipped in that month. Immutable.
 */
public final class Schedule {
    /** The shortest gap between two firings: the dispatcher looks once a minute and a pass needs time. */
    public static final Duration MIN_GAP = Duration.ofMinutes(5);
    /** The schedule's fields as flags and JSON name them; {@link ConfigException}s name these options. */
    public static final List<String> FIELDS = Arrays.asList("every", "at", "days", "dates", "tz", "cron");

    private static final CronDefinition FC_CRON = CronDefinitionBuilder.defineCron()
            .withSeconds().withValidRange(0, 59).and()
            .withMinutes().withValidRange(0, 59).and()
            .withHours().withValidRange(0, 23).and()
            .withDayOfMonth().withValidRange(1, 31).supportsQuestionMark().and()
            .withMonth().withValidRange(1, 12).and()
            .withDayOfWeek().withValidRange(0, 6).withMondayDoWValue(1).supportsQuestionMark().and()
            .instance();
    private static final Pattern INTERVAL = Pattern.compile("(?:(\\d{1,3})d)?(?:(\\d{1,4})h)?(?:(\\d{1,6})m)?");
    private static final Pattern TIME = Pattern.compile("([01]?[0-9]|2[0-3]):([0-5][0-9])");
    private static final Pattern CRON_TZ = Pattern.compile("CRON_TZ=(\\S+)\\s+(.*)", Pattern.DOTALL);
    private static final List<String> DAY_NAMES = Arrays.asList("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final long MAX_INTERVAL_MINUTES = 31L * 24 * 60;

    /** The console's trigger modes. */
    public enum Kind { INTERVAL, SPECIFIC_TIME, CRON }

    private final Kind kind;
    private final Map<String, String> fields;
    private final long intervalMinutes;
    private final ZoneId zone;
    private final ExecutionTime cron;
    /** The last {@link #nextAfter} question and answer: a dispatch a minute asks the same one until the task runs. */
    private volatile Instant[] lastNext;

    private Schedule(Kind kind, Map<String, String> fields, long intervalMinutes, ZoneId zone, ExecutionTime cron) {
        this.kind = kind;
        this.fields = fields;
        this.intervalMinutes = intervalMinutes;
        this.zone = zone;
        this.cron = cron;
    }

    /**
     * A schedule from its fields, keyed by the names in {@link #FIELDS} (null or absent = not given): exactly one
     * of {@code every}, {@code at} or {@code cron}; {@code days} or {@code dates} and {@code tz} only with {@code at}.
     */
    public static Schedule parse(Map<String, String> given) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String name : FIELDS) {
            String v = given.get(name);
            if (v != null) {
                f.put(name, v.trim());
            }
        }
        int modes = (f.containsKey("every") ? 1 : 0) + (f.containsKey("at") ? 1 : 0) + (f.containsKey("cron") ? 1 : 0);
        if (modes != 1) {
            throw new ConfigException(modes == 0 ? "every" : f.containsKey("every") ? "every" : "at",
                    (modes == 0 ? "is missing: " : "cannot be combined with another schedule: ")
                            + "give exactly one schedule, --every 30m, --at HH:MM [--days MON,THU | --dates 1,15] "
                            + "[--tz Zone] or --cron 'CRON_TZ=Zone S M H DoM Mon DoW'");
        }
        for (String onlyWithAt : Arrays.asList("days", "dates", "tz")) {
            if (f.containsKey(onlyWithAt) && !f.containsKey("at")) {
                throw new ConfigException(onlyWithAt, "belongs to --at HH:MM (a specific time); --every and --cron "
                        + "take no " + onlyWithAt);
            }
        }
        if (f.containsKey("every")) {
            return new Schedule(Kind.INTERVAL, f, intervalMinutes(f.get("every")), ZoneOffset.UTC, null);
        }
        if (f.containsKey("at")) {
            return atTime(f);
        }
        return cron(f);
    }

    private static long intervalMinutes(String raw) {
        Matcher m = INTERVAL.matcher(raw.toLowerCase(Locale.ROOT));
        long minutes = -1;
        if (!raw.isEmpty() && m.matches()) {
            minutes = (m.group(1) == null ? 0 : Long.parseLong(m.group(1)) * 1440)
                    + (m.group(2) == null ? 0 : Long.parseLong(m.group(2)) * 60)
                    + (m.group(3) == null ? 0 : Long.parseLong(m.group(3)));
        }
        if (minutes < MIN_GAP.toMinutes() || minutes > MAX_INTERVAL_MINUTES) {
            throw new ConfigException("every", "must be an interval from 5m to 31d such as 30m, 2h, 1h30m or 1d, got \""
                    + TaskName.printable(raw) + "\"");
        }
        return minutes;
    }

    private static Schedule atTime(Map<String, String> f) {
        Matcher t = TIME.matcher(f.get("at"));
        if (!t.matches()) {
            throw new ConfigException("at", "must be a time of day HH:MM from 00:00 to 23:59, got \""
                    + TaskName.printable(f.get("at")) + "\"");
        }
        if (f.containsKey("days") && f.containsKey("dates")) {
            throw new ConfigException("dates", "cannot be combined with --days: give weekdays or days of the month");
        }
        ZoneId zone = f.containsKey("tz") ? zone("tz", f.get("tz")) : ZoneOffset.UTC;
        String dom = "*";
        String dow = "?";
        if (f.containsKey("days")) {
            dom = "?";
            dow = days(f.get("days"));
            f.put("days", dow);
        }
        if (f.containsKey("dates")) {
            dom = dates(f.get("dates"));
            f.put("dates", dom);
        }
        String expr = "0 " + Integer.parseInt(t.group(2)) + " " + Integer.parseInt(t.group(1)) + " " + dom + " * " + dow;
        f.put("at", String.format(Locale.ROOT, "%02d:%02d", Integer.parseInt(t.group(1)), Integer.parseInt(t.group(2))));
        return new Schedule(Kind.SPECIFIC_TIME, f, 0, zone, execution("at", expr));
    }

    private static String days(String raw) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : raw.split(",")) {
            String d = part.trim().toUpperCase(Locale.ROOT);
            if (d.length() > 3 && DAY_NAMES.contains(d.substring(0, 3))) {
                d = d.substring(0, 3);
            }
            if (!DAY_NAMES.contains(d)) {
                throw new ConfigException("days", "must be a comma-separated list of MON, TUE, WED, THU, FRI, SAT, SUN, "
                        + "got \"" + TaskName.printable(raw) + "\"");
            }
            out.add(d);
        }
        return String.join(",", out);
    }

    private static String dates(String raw) {
        Set<Integer> out = new java.util.TreeSet<>();
        for (String part : raw.split(",")) {
            int d;
            try {
                d = Integer.parseInt(part.trim());
            } catch (NumberFormatException e) {
                d = -1;
            }
            if (d < 1 || d > 31) {
                throw new ConfigException("dates", "must be a comma-separated list of days of the month from 1 to 31 "
                        + "(a month without that day is skipped), got \"" + TaskName.printable(raw) + "\"");
            }
            out.add(d);
        }
        List<String> s = new ArrayList<>();
        for (int d : out) {
            s.add(Integer.toString(d));
        }
        return String.join(",", s);
    }

    private static ZoneId zone(String option, String raw) {
        try {
            return ZoneId.of(raw);
        } catch (DateTimeException e) {
            throw new ConfigException(option, "must be a time zone id such as Asia/Shanghai, Europe/Berlin or UTC, got \""
                    + TaskName.printable(raw) + "\"");
        }
    }

    private static Schedule cron(Map<String, String> f) {
        String raw = f.get("cron").replaceAll("\\s+", " ");
        ZoneId zone = ZoneOffset.UTC;
        String expr = raw;
        Matcher tz = CRON_TZ.matcher(raw);
        if (tz.matches()) {
            zone = zone("cron", tz.group(1));
            expr = tz.group(2).trim();
        }
        if (expr.split(" ").length != 6) {
            throw new ConfigException("cron", "must have six fields (seconds minutes hours day-of-month month "
                    + "day-of-week, as Function Compute's timer), optionally after CRON_TZ=Zone, got \""
                    + TaskName.printable(raw) + "\"");
        }
        f.put("cron", raw);
        Schedule s = new Schedule(Kind.CRON, f, 0, zone, execution("cron", expr));
        s.checkGaps();
        return s;
    }

    private static ExecutionTime execution(String option, String expr) {
        Cron c;
        try {
            c = new CronParser(FC_CRON).parse(expr.toUpperCase(Locale.ROOT));
            c.validate();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(option, "is not a valid six-field cron expression (seconds 0-59, minutes 0-59, "
                    + "hours 0-23, day-of-month 1-31 or ?, month 1-12 or JAN-DEC, day-of-week 0-6 or SUN-SAT or ?): "
                    + TaskName.printable(e.getMessage()) + "; got \"" + TaskName.printable(expr) + "\"");
        }
        return ExecutionTime.forCron(c);
    }

    /** Refuses a cron that never fires or fires more often than every {@link #MIN_GAP}. */
    private void checkGaps() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        Optional<Instant> previous = Optional.empty();
        for (int i = 0; i < 60; i++) {
            Optional<Instant> next = nextAfter(t);
            if (!next.isPresent()) {
                if (i == 0) {
                    throw new ConfigException("cron", "never fires (no date matches \"" + fields.get("cron") + "\")");
                }
                return;
            }
            if (previous.isPresent() && Duration.between(previous.get(), next.get()).compareTo(MIN_GAP) < 0) {
                throw new ConfigException("cron", "fires more often than every 5 minutes (" + previous.get() + " and "
                        + next.get() + "); a task runs at most every 5 minutes");
            }
            previous = next;
            t = next.get();
        }
    }

    public Kind kind() {
        return kind;
    }

    /** The first firing strictly after {@code t}, if any. */
    public Optional<Instant> nextAfter(Instant t) {
        Instant[] last = lastNext;
        if (last != null && last[0].equals(t)) {
            return Optional.ofNullable(last[1]);
        }
        Optional<Instant> next = computeNextAfter(t);
        lastNext = new Instant[] {t, next.orElse(null)};
        return next;
    }

    private Optional<Instant> computeNextAfter(Instant t) {
        if (kind == Kind.INTERVAL) {
            long step = intervalMinutes * 60;
            long s = Math.floorDiv(t.getEpochSecond(), step) * step + step;
            return Optional.of(Instant.ofEpochSecond(s));
        }
        return cron.nextExecution(ZonedDateTime.ofInstant(t, zone)).map(ZonedDateTime::toInstant);
    }

    /** The newest firing at or before {@code t}, if any. */
    public Optional<Instant> latestAtOrBefore(Instant t) {
        if (kind == Kind.INTERVAL) {
            long step = intervalMinutes * 60;
            return Optional.of(Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), step) * step));
        }
        Instant whole = t.truncatedTo(ChronoUnit.SECONDS);
        ZonedDateTime z = ZonedDateTime.ofInstant(whole, zone);
        if (cron.isMatch(z)) {
            return Optional.of(whole);
        }
        return cron.lastExecution(z).map(ZonedDateTime::toInstant);
    }

    /** True when the schedule fires within the minute that starts at {@code minuteStart}. */
    public boolean firesWithin(Instant minuteStart) {
        Instant start = minuteStart.truncatedTo(ChronoUnit.MINUTES);
        Optional<Instant> next = nextAfter(start.minusSeconds(1));
        return next.isPresent() && next.get().isBefore(start.plusSeconds(60));
    }

    /** The fields as given, normalised (weekday names upper-case, dates sorted): what the registry stores. */
    public Map<String, String> fields() {
        return java.util.Collections.unmodifiableMap(fields);
    }

    /** One line, as {@code task list} shows it: {@code every 30m}, {@code at 09:00 MON,THU Asia/Shanghai}, {@code cron ...}. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            b.append(b.length() == 0 ? "" : " ").append(e.getKey()).append(' ').append(e.getValue());
        }
        return b.toString();
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        fields.forEach(o::addProperty);
        return o;
    }

    /** A schedule from the registry's JSON; unknown or non-text fields are refused by name. */
    public static Schedule fromJson(JsonObject o) {
        Map<String, String> f = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            if (!FIELDS.contains(e.getKey())) {
                throw new ConfigException("schedule", "has an unknown field \"" + TaskName.printable(e.getKey())
                        + "\"; known: " + String.join(", ", FIELDS));
            }
            if (!e.getValue().isJsonPrimitive()) {
                throw new ConfigException(e.getKey(), "must be text");
            }
            f.put(e.getKey(), e.getValue().getAsString());
        }
        return parse(f);
    }

    @Override
    public String toString() {
        return describe();
    }
}
