package dev.secondaryorigin.crawl;

/**
 * Thrown inside the crawl package when a document exceeds one of its {@link LinkExtractor.Limits}
 * (time or link count); {@link LinkExtractor#extractLinks} catches it and returns the links found so far
 * as an incomplete {@link ExtractedLinks} carrying {@link #reason()}. It never escapes the public API.
 */
final class DocumentTooComplexException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    DocumentTooComplexException(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** One of the {@link ExtractedLinks} reason names. */
    String reason() {
        return reason;
    }
}
