package dev.secondaryorigin.testing.oss;

/** Something that goes wrong with one request instead of (or before) its normal answer. Immutable. */
public final class Fault {
    enum Kind { ERROR, RESET, DELAY }

    final Kind kind;
    final int status;
    final String code;
    final long delayMillis;

    private Fault(Kind kind, int status, String code, long delayMillis) {
        this.kind = kind;
        this.status = status;
        this.code = code;
        this.delayMillis = delayMillis;
    }

    /** An error answer; 503 is OSS's throttling (SlowDown), 500 an InternalError. */
    public static Fault error(int status) {
        String code = status == 503 ? "SlowDown" : status == 500 ? "InternalError" : status == 502 ? "BadGateway"
                : "InternalError";
        return new Fault(Kind.ERROR, status, code, 0);
    }

    public static Fault error(int status, String code) {
        return new Fault(Kind.ERROR, status, code, 0);
    }

    /** Reads half the request body, then drops the connection without answering. */
    public static Fault reset() {
        return new Fault(Kind.RESET, 0, null, 0);
    }

    /** Answers normally, but only after {@code millis}. */
    public static Fault delay(long millis) {
        return new Fault(Kind.DELAY, 0, null, millis);
    }

    @Override
    public String toString() {
        return kind == Kind.ERROR ? status + " " + code : kind == Kind.RESET ? "reset" : "delay " + delayMillis + "ms";
    }
}
