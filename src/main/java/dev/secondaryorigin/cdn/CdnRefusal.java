package dev.secondaryorigin.cdn;

/** A CDN change refused before it was made, with what was wrong and what to do. */
public final class CdnRefusal extends RuntimeException {
    public CdnRefusal(String message) {
        super(message);
    }

    public CdnRefusal(String message, Throwable cause) {
        super(message, cause);
    }
}
