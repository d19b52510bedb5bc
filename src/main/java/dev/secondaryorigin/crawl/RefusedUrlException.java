package dev.secondaryorigin.crawl;

/** A URL that cannot or must not become part of the backup; {@link #reason()} is a short report label. */
public final class RefusedUrlException extends Exception {
    private final String reason;

    public RefusedUrlException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
