package dev.secondaryorigin.fc;

/**
 * What a {@code drill} invocation asks for: the HTTP base and Host (null: the bucket's own domain), how many URLs
 * (a sample, or all), and the readiness below which the answer says "not ready". Immutable.
 */
public final class DrillRequest {
    /** A direct invoke drills this many URLs unless it says {@code "all":true} or another {@code "sample"}. */
    public static final int INVOKE_SAMPLE = 1000;
    /** {@code GET /drill} drills this many URLs unless {@code ?sample=N} asks for fewer or more, up to {@link #HTTP_MAX_SAMPLE}. */
    public static final int HTTP_SAMPLE = 200;
    public static final int HTTP_MAX_SAMPLE = 500;

    private final String via;
    private final String host;
    private final int sample;
    private final double minReady;

    DrillRequest(String via, String host, int sample, double minReady) {
        this.via = via;
        this.host = host;
        this.sample = sample;
        this.minReady = minReady;
    }

    static DrillRequest defaults(int sample) {
        return new DrillRequest(null, null, sample, 100);
    }

    public String via() {
        return via;
    }

    public String host() {
        return host;
    }

    /** URLs to sample, or 0 for all. */
    public int sample() {
        return sample;
    }

    public double minReady() {
        return minReady;
    }
}
