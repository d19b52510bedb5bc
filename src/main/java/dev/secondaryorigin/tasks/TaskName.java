package dev.secondaryorigin.tasks;

import dev.secondaryorigin.task.ConfigException;

import java.util.regex.Pattern;

/**
 * A task's name in the registry. It becomes an object key, a path segment of the task's state and a URL path
 * segment of the HTTP API, so it is held to a small safe set: lower- and upper-case letters, digits, '.', '_' and
 * '-', starting with a letter or digit, at most 64 characters, and never "." or "..".
 */
public final class TaskName implements Comparable<TaskName> {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final String value;

    private TaskName(String value) {
        this.value = value;
    }

    /** The name, or a {@link ConfigException} for option {@code option} saying what is accepted. */
    public static TaskName parse(String option, String raw) {
        if (raw == null || !SAFE.matcher(raw).matches() || raw.contains("..")) {
            throw new ConfigException(option, "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter "
                    + "or digit and without '..', got \"" + printable(raw) + "\"");
        }
        return new TaskName(raw);
    }

    /** For names read back from keys this code wrote; null when the text is no valid name. */
    static TaskName orNull(String raw) {
        return raw != null && SAFE.matcher(raw).matches() && !raw.contains("..") ? new TaskName(raw) : null;
    }

    public static boolean valid(String raw) {
        return orNull(raw) != null;
    }

    public String value() {
        return value;
    }

    @Override
    public int compareTo(TaskName o) {
        return value.compareTo(o.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaskName && ((TaskName) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }

    static String printable(String s) {
        if (s == null) {
            return "";
        }
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "…" : clean;
    }
}
