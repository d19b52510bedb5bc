package dev.secondaryorigin.fc;

import java.util.Locale;

/** What an invocation asks for: the {@code action} of a direct invoke or of a timer payload. */
public enum Action {
    /** Run (or resume) a sync pass and return its report. */
    SYNC,
    /** Return the last report, the lease holder and manifest stats. */
    STATUS,
    /** Check the backup against the manifest. */
    VERIFY,
    /** L7 origin guard (the CDN issue); answered as "not enabled" until it lands. */
    GUARD,
    /** Put the backup back as it was after an earlier pass ({@code "toPass"}). */
    ROLLBACK,
    /** A failover drill: request a sample of the site through the bucket's endpoint and compare with the origin's answers. */
    DRILL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The action with this wire name, or null. */
    public static Action of(String wire) {
        for (Action a : values()) {
            if (a.wireName().equals(wire)) {
                return a;
            }
        }
        return null;
    }

    public static String accepted() {
        StringBuilder b = new StringBuilder();
        for (Action a : values()) {
            b.append(b.length() == 0 ? "" : ", ").append('"').append(a.wireName()).append('"');
        }
        return b.toString();
    }
}
