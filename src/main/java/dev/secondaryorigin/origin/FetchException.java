package dev.secondaryorigin.origin;

import java.io.IOException;

/**
 * A fetch that produced no usable response. {@link #originFault()} tells whether it speaks against the
 * origin's health (network errors, 5xx) or only against this URL (too large, refused address).
 */
public final class FetchException extends IOException {
    private final String kind;
    private final boolean originFault;

    public FetchException(String kind, String message, boolean originFault, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.originFault = originFault;
    }

    /** Short label for reports: timeout, reset, truncated, checksum, too-large, http-503, refused, ... */
    public String kind() {
        return kind;
    }

    public boolean originFault() {
        return originFault;
    }
}
