package dev.secondaryorigin.crawl;

import java.util.Collections;
import java.util.List;

/**
 * What {@link LinkExtractor#extractLinks} found in one document: the absolute URLs, and whether reading
 * stopped early. A document that stopped early is still a valid file to back up; only its links are
 * partial (possibly none). The engine should count {@link #incompleteReason()} when it is not null.
 */
public final class ExtractedLinks {
    /** The body is larger than {@link LinkExtractor.Limits#maxBytes()}: stored, not read for links. */
    public static final String TOO_LARGE = "parse-too-large";
    /** Reading took longer than {@link LinkExtractor.Limits#timeBudgetMillis()}. */
    public static final String TOO_SLOW = "parse-too-slow";
    /** The document holds more distinct links than {@link LinkExtractor.Limits#maxLinks()}; the first ones are kept. */
    public static final String TOO_MANY_LINKS = "parse-too-many-links";
    /** The parser failed on the document (a bug or an input nobody anticipated); the links found so far are kept. */
    public static final String PARSE_ERROR = "parse-error";

    private final List<String> urls;
    private final List<String> speculative;
    private final String incompleteReason;
    private final String detail;

    ExtractedLinks(List<String> urls, String incompleteReason, String detail) {
        this(urls, Collections.<String>emptyList(), incompleteReason, detail);
    }

    ExtractedLinks(List<String> urls, List<String> speculative, String incompleteReason, String detail) {
        this.urls = Collections.unmodifiableList(urls);
        this.speculative = Collections.unmodifiableList(speculative);
        this.incompleteReason = incompleteReason;
        this.detail = detail;
    }

    /** Absolute http(s) URLs, without fragments, in document order, each once. */
    public List<String> urls() {
        return urls;
    }

    /**
     * Absolute http(s) URLs the document may load by script or list in JSON or template markup (see
     * {@link ScriptUrls}): worth a speculative request, whose 404 is no failure. Empty unless
     * {@link LinkExtractor.Limits#maxScriptLinks()} is above 0; at most that many; none also in {@link #urls()}.
     */
    public List<String> speculative() {
        return speculative;
    }

    /** True when the whole document was read. */
    public boolean complete() {
        return incompleteReason == null;
    }

    /**
     * Null when the whole document was read; otherwise one of {@link #TOO_LARGE}, {@link #TOO_SLOW},
     * {@link #TOO_MANY_LINKS}, {@link #PARSE_ERROR}: a short, stable name to count in a report.
     */
    public String incompleteReason() {
        return incompleteReason;
    }

    /** A human-readable explanation when incomplete (sizes, the error's class), else null. */
    public String detail() {
        return detail;
    }

    @Override
    public String toString() {
        return complete() ? urls.size() + " links" : urls.size() + " links, incomplete: " + incompleteReason
                + (detail != null ? " (" + detail + ")" : "");
    }
}
