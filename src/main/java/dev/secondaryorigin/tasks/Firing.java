package dev.secondaryorigin.tasks;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One reason to run a task: a firing of its schedule, a resume of its unfinished pass, or a manual run. Its id
 * ({@code 20261201T093000Z}, {@code 20261201T093100Z-resume}, {@code 20261201T093112Z-manual}) is the key of the
 * dispatch claim, the async invocation's task id and the run's record, so a redelivery is recognised everywhere.
 */
public final class Firing implements Comparable<Firing> {
    /** Why a run was started. */
    public enum Reason { SCHEDULE, RESUME, MANUAL }

    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Instant at;
    private final Reason reason;

    private Firing(Instant at, Reason reason) {
        this.at = at.truncatedTo(ChronoUnit.SECONDS);
        this.reason = reason;
    }

    public static Firing scheduled(Instant at) {
        return new Firing(at, Reason.SCHEDULE);
    }

    public static Firing resume(Instant minute) {
        return new Firing(minute.truncatedTo(ChronoUnit.MINUTES), Reason.RESUME);
    }

    public static Firing manual(Instant now) {
        return new Firing(now, Reason.MANUAL);
    }

    /** The firing of an id, or null when the text is no id this code writes. */
    public static Firing parse(String id) {
        if (id == null) {
            return null;
        }
        Reason r = Reason.SCHEDULE;
        String t = id;
        if (id.endsWith("-resume")) {
            r = Reason.RESUME;
            t = id.substring(0, id.length() - 7);
        } else if (id.endsWith("-manual")) {
            r = Reason.MANUAL;
            t = id.substring(0, id.length() - 7);
        }
        try {
            return new Firing(Instant.from(BASIC.parse(t)), r);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public Instant at() {
        return at;
    }

    public Reason reason() {
        return reason;
    }

    public String id() {
        String t = BASIC.format(at);
        return reason == Reason.SCHEDULE ? t : t + "-" + reason.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public int compareTo(Firing o) {
        int c = at.compareTo(o.at);
        return c != 0 ? c : reason.compareTo(o.reason);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Firing && ((Firing) o).at.equals(at) && ((Firing) o).reason == reason;
    }

    @Override
    public int hashCode() {
        return Objects.hash(at, reason);
    }

    @Override
    public String toString() {
        return id();
    }
}
