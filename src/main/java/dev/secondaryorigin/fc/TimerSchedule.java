package dev.secondaryorigin.fc;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A timer trigger's {@code cronExpression} as the FC console offers it: an interval ({@code @every 30m},
 * {@code @every 2h}, {@code @every 1h30m}), a specific time (time zone, time, weekdays or days of the
 * month: {@code CRON_TZ=Asia/Shanghai 0 0 3 * * MON,THU}) or raw six-field cron (UTC without
 * {@code CRON_TZ=}). One validator for {@code scripts/deploy.sh} (which runs {@link #main}), the function
 * (which reports the schedule it was deployed with in {@code status}) and the tests that hold the ROS
 * template's pattern to the same table.
 */
public final class TimerSchedule {
    /** The function's copy of its timer's schedule, set from the same variable as the trigger. */
    public static final String ENV = "SCHEDULE";

    private static final Pattern EVERY = Pattern.compile("@every\\s+(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");
    private static final Pattern TZ = Pattern.compile("CRON_TZ=(\\S*)\\s+(.*)");
    private static final String[] FIELD_NAMES = {"second", "minute", "hour", "day-of-month", "month", "day-of-week"};
    private static final int[][] RANGES = {{0, 59}, {0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 6}};
    private static final List<String> MONTHS = Arrays.asList("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG",
            "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = Arrays.asList("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final Pattern ITEM = Pattern.compile("(\\*|\\?|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:/(\\d+))?");

    /**
     * The whole form as one regular expression (plain groups only, so ROS's AllowedPattern takes it as is):
     * an interval of at least a minute, or an optional {@code CRON_TZ=zone} and six fields within their ranges.
     * {@link #parse} requires it and then that the zone exists, which a pattern cannot say.
     */
    public static final String PATTERN = "^(@every ([1-9][0-9]*h([0-9]+m)?|[1-9][0-9]*m)|(CRON_TZ=[A-Za-z][A-Za-z0-9_+/-]* +)?"
            + field("[0-5]?[0-9]", false) + " +" + field("[0-5]?[0-9]", false) + " +"
            + field("[01]?[0-9]|2[0-3]", false) + " +" + field("0?[1-9]|[12][0-9]|3[01]", true) + " +"
            + field("0?[1-9]|1[0-2]|" + names(MONTHS), false) + " +" + field("[0-6]|" + names(DAYS), true) + ")$";
    private static final Pattern FULL = Pattern.compile(PATTERN);

    private static String field(String value, boolean question) {
        String v = "(" + value + ")";
        String item = "(\\*" + (question ? "|\\?" : "") + "|" + v + "(-" + v + ")?)(/[1-9][0-9]*)?";
        return "(" + item + "(," + item + ")*)";
    }

    private static String names(List<String> names) {
        StringBuilder b = new StringBuilder();
        for (String n : names) {
            if (b.length() > 0) {
                b.append('|');
            }
            for (char c : n.toCharArray()) {
                b.append('[').append(c).append(Character.toLowerCase(c)).append(']');
            }
        }
        return b.toString();
    }

    /** The kind of schedule, as the console names its modes. */
    public enum Kind { INTERVAL, SPECIFIC_TIME, CRON }

    private final String expression;
    private final Kind kind;
    private final String zone;

    private TimerSchedule(String expression, Kind kind, String zone) {
        this.expression = expression;
        this.kind = kind;
        this.zone = zone;
    }

    public String expression() {
        return expression;
    }

    public Kind kind() {
        return kind;
    }

    /** The time zone of a specific-time schedule; UTC for raw cron; null for an interval. */
    public String zone() {
        return zone;
    }

    /**
     * Parses a schedule.
     *
     * @throws IllegalArgumentException naming {@value #ENV}, what is wrong and what is accepted
     */
    public static TimerSchedule parse(String raw) {
        if (raw == null || raw.trim().isEmpty()) {
            throw refuse(raw, "it is empty");
        }
        if (!raw.equals(raw.trim())) {
            throw refuse(raw, "it starts or ends with a space");
        }
        TimerSchedule t = diagnose(raw);
        if (!FULL.matcher(raw).matches()) {
            throw refuse(raw, "it does not have the form of an interval, a time zone and six fields, or six fields");
        }
        return t;
    }

    /** Names the first problem of {@code s} precisely; the result still has to match {@link #PATTERN}. */
    private static TimerSchedule diagnose(String s) {
        String raw = s;
        if (s.startsWith("@every")) {
            Matcher m = EVERY.matcher(s);
            if (!m.matches() || (m.group(1) == null && m.group(2) == null && m.group(3) == null)) {
                throw refuse(raw, "an interval is '@every ' and a number of hours and/or minutes, e.g. '@every 30m', "
                        + "'@every 2h', '@every 1h30m'");
            }
            long seconds = num(m.group(1)) * 3600 + num(m.group(2)) * 60 + num(m.group(3));
            if (seconds < 60) {
                throw refuse(raw, "the interval is under 1 minute, the shortest Function Compute fires");
            }
            if (seconds % 60 != 0) {
                throw refuse(raw, "an interval is whole minutes (m) or hours (h), not seconds");
            }
            return new TimerSchedule(s, Kind.INTERVAL, null);
        }
        if (s.startsWith("@")) {
            throw refuse(raw, "the only @ form is an interval such as '@every 60m'");
        }
        String zone = "UTC";
        Kind kind = Kind.CRON;
        String cron = s;
        if (s.startsWith("CRON_TZ=")) {
            Matcher m = TZ.matcher(s);
            if (!m.matches()) {
                throw refuse(raw, "CRON_TZ=<zone> must be followed by a space and six cron fields");
            }
            zone = m.group(1);
            cron = m.group(2).trim();
            if (!knownZone(zone)) {
                throw refuse(raw, "unknown time zone \"" + zone + "\": use an IANA name such as Asia/Shanghai, "
                        + "Europe/Berlin, UTC or Etc/GMT-8 (which is UTC+8)");
            }
            kind = Kind.SPECIFIC_TIME;
        }
        String[] fields = cron.split("\\s+");
        if (fields.length != 6) {
            throw refuse(raw, "a cron expression has six fields (second minute hour day-of-month month "
                    + "day-of-week), this has " + fields.length + (fields.length == 5
                    ? ": add the seconds first, e.g. '0 " + cron + "'" : ""));
        }
        for (int i = 0; i < 6; i++) {
            String problem = checkField(i, fields[i]);
            if (problem != null) {
                throw refuse(raw, "the " + FIELD_NAMES[i] + " field \"" + fields[i] + "\" " + problem);
            }
        }
        return new TimerSchedule(s, kind, zone);
    }

    /** Whether {@code raw} is a valid schedule. */
    public static boolean isValid(String raw) {
        try {
            parse(raw);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean knownZone(String zone) {
        if (zone.isEmpty() || !zone.matches("[A-Za-z][A-Za-z0-9_+/-]*")) {
            return false;
        }
        try {
            // Region ids only: ZoneId.of also takes offsets such as +08:00, which cron does not.
            return ZoneId.getAvailableZoneIds().contains(ZoneId.of(zone).getId()) || "UTC".equals(zone);
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static String checkField(int index, String field) {
        for (String item : field.split(",", -1)) {
            Matcher m = ITEM.matcher(item);
            if (!m.matches()) {
                return "is not a value, a range a-b, a step /n, * or a comma-separated list of these";
            }
            String base = m.group(1);
            if ("?".equals(base) && index != 3 && index != 5) {
                return "may not be ?, which only day-of-month and day-of-week take";
            }
            if (m.group(2) != null && Integer.parseInt(m.group(2)) == 0) {
                return "has a step of 0";
            }
            if ("*".equals(base) || "?".equals(base)) {
                continue;
            }
            for (String v : base.split("-")) {
                Integer n = value(index, v);
                if (n == null) {
                    return "has \"" + v + "\", not a number from " + RANGES[index][0] + " to " + RANGES[index][1]
                            + (index == 4 ? " or JAN-DEC" : index == 5 ? " or SUN-SAT (0 = Sunday)" : "");
                }
            }
        }
        return null;
    }

    private static Integer value(int index, String v) {
        String upper = v.toUpperCase(Locale.ROOT);
        if (index == 4 && MONTHS.contains(upper)) {
            return MONTHS.indexOf(upper) + 1;
        }
        if (index == 5 && DAYS.contains(upper)) {
            return DAYS.indexOf(upper);
        }
        if (!v.matches("\\d{1,2}")) {
            return null;
        }
        int n = Integer.parseInt(v);
        return n < RANGES[index][0] || n > RANGES[index][1] ? null : n;
    }

    private static long num(String s) {
        return s == null ? 0 : Long.parseLong(s);
    }

    private static IllegalArgumentException refuse(String raw, String why) {
        return new IllegalArgumentException(ENV + " \"" + raw + "\" is not a schedule Function Compute accepts: " + why
                + ". Accepted: an interval ('@every 30m', '@every 2h'), a specific time "
                + "('CRON_TZ=Asia/Shanghai 0 0 3 * * MON,THU', 'CRON_TZ=Etc/GMT-8 0 30 4 1,15 * *') "
                + "or six-field cron in UTC ('0 0 19 * * *').");
    }

    /** {@code java -cp ... TimerSchedule EXPRESSION}: exit 0 when valid, else 2 with the reason. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: TimerSchedule EXPRESSION");
            System.exit(2);
        }
        try {
            TimerSchedule t = parse(args[0]);
            System.out.println(t.kind().name().toLowerCase(Locale.ROOT).replace('_', '-')
                    + (t.zone() == null ? "" : " (" + t.zone() + ")"));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    /**
     * The timer's schedule as deployed (the {@value #ENV} variable s.yaml and the ROS template set from the same
     * value as the trigger), checked by the same rules as {@code scripts/deploy.sh}; for the {@code status} action.
     */
    static com.google.gson.JsonObject deployedStatus(java.util.Map<String, String> env) {
        com.google.gson.JsonObject s = new com.google.gson.JsonObject();
        String raw = env.get(ENV);
        if (raw == null || raw.trim().isEmpty()) {
            s.addProperty("known", false);
            return s;
        }
        s.addProperty("expression", raw.trim());
        try {
            TimerSchedule t = parse(raw);
            s.addProperty("valid", true);
            s.addProperty("kind", t.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            if (t.zone() != null) {
                s.addProperty("timeZone", t.zone());
            }
        } catch (IllegalArgumentException e) {
            s.addProperty("valid", false);
            s.addProperty("error", e.getMessage());
        }
        return s;
    }
}
