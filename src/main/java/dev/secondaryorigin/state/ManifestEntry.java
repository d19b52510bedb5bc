package dev.secondaryorigin.state;

/**
 * What the backup knows about one URL of the site: the origin's validators, the hash and size of the
 * stored bytes, the type, when it was last seen and with what status, how deep it was found, whether
 * an object is stored for it, and how many passes in a row the origin said it is gone.
 */
public final class ManifestEntry {
    /** {@link #redirectObject()}: a generated HTML page that sends the visitor on to the redirect's target. */
    public static final String REDIRECT_PAGE = "page";
    /** {@link #redirectObject()}: a server-side copy of the (non-HTML) target's bytes and headers. */
    public static final String REDIRECT_COPY = "copy";

    private final String path;
    private final String etag;
    private final String lastModified;
    private final String md5;
    private final long size;
    private final String contentType;
    private final int headersHash;
    private final long lastSeen;
    private final int status;
    private final int depth;
    private final boolean stored;
    private final int misses;
    private final String redirect;
    private final boolean speculative;
    private final String redirectObject;
    private final String redirectFinal;
    private final int revisitSeconds;

    private ManifestEntry(Builder b) {
        path = b.path;
        etag = b.etag;
        lastModified = b.lastModified;
        md5 = b.md5;
        size = b.size;
        contentType = b.contentType;
        headersHash = b.headersHash;
        lastSeen = b.lastSeen;
        status = b.status;
        depth = b.depth;
        stored = b.stored;
        misses = b.misses;
        redirect = b.redirect;
        speculative = b.speculative;
        redirectObject = b.redirectObject;
        redirectFinal = b.redirectFinal;
        revisitSeconds = b.revisitSeconds;
    }

    public static Builder builder(String path) {
        Builder b = new Builder();
        b.path = path;
        return b;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.path = path;
        b.etag = etag;
        b.lastModified = lastModified;
        b.md5 = md5;
        b.size = size;
        b.contentType = contentType;
        b.headersHash = headersHash;
        b.lastSeen = lastSeen;
        b.status = status;
        b.depth = depth;
        b.stored = stored;
        b.misses = misses;
        b.redirect = redirect;
        b.speculative = speculative;
        b.redirectObject = redirectObject;
        b.redirectFinal = redirectFinal;
        b.revisitSeconds = revisitSeconds;
        return b;
    }

    /** Canonical request path, the manifest's key. */
    public String path() {
        return path;
    }

    public String etag() {
        return etag;
    }

    public String lastModified() {
        return lastModified;
    }

    public String md5() {
        return md5;
    }

    public long size() {
        return size;
    }

    public String contentType() {
        return contentType;
    }

    /** Hash of the kept response headers, to notice a header-only change. */
    public int headersHash() {
        return headersHash;
    }

    public long lastSeen() {
        return lastSeen;
    }

    /** Last HTTP status (304 is recorded as the 200 it confirms), or 0 when the fetch failed. */
    public int status() {
        return status;
    }

    public int depth() {
        return depth;
    }

    /** True when the store holds this URL's object with {@link #md5()}. */
    public boolean stored() {
        return stored;
    }

    /** Consecutive passes answered 404/410. */
    public int misses() {
        return misses;
    }

    /** Redirect target path, for a URL that redirects (an absolute URL when the target is not on the site). */
    public String redirect() {
        return redirect;
    }

    /**
     * True for a URL found only as a string in a script or JSON file: fetched speculatively, so a 404 is a
     * remembered miss rather than a failure.
     */
    public boolean speculative() {
        return speculative;
    }

    /**
     * A URL found only in scripts or JSON that answered an error: re-asked on its own, slower schedule
     * ({@code --script-links-recheck-days}), so it does not count towards when the site was last fully checked.
     */
    public boolean speculativeMiss() {
        return speculative && status >= 400;
    }

    /**
     * What the stored object of a redirecting URL is: {@link #REDIRECT_PAGE} or {@link #REDIRECT_COPY}; null for
     * an object the origin served itself (or no object).
     */
    public String redirectObject() {
        return redirectObject;
    }

    /** The final in-site target (chains resolved) the redirect object leads to or copies; null when none. */
    public String redirectFinal() {
        return redirectFinal;
    }

    /**
     * How long after {@link #lastSeen()} the URL is next due for revalidation, in seconds; 0 when no schedule is
     * known (a new entry, a manifest from before the revisit policy, a failed answer): due at the next pass.
     */
    public int revisitSeconds() {
        return revisitSeconds;
    }

    /** Options-heavy, so a builder. */
    public static final class Builder {
        private String path;
        private String etag;
        private String lastModified;
        private String md5;
        private long size = -1;
        private String contentType;
        private int headersHash;
        private long lastSeen;
        private int status;
        private int depth;
        private boolean stored;
        private int misses;
        private String redirect;
        private boolean speculative;

        public Builder speculative(boolean v) {
            speculative = v;
            return this;
        }
        private String redirectObject;
        private String redirectFinal;
        private int revisitSeconds;

        public Builder revisitSeconds(int v) {
            revisitSeconds = v;
            return this;
        }

        public Builder etag(String v) {
            etag = v;
            return this;
        }

        public Builder lastModified(String v) {
            lastModified = v;
            return this;
        }

        public Builder md5(String v) {
            md5 = v;
            return this;
        }

        public Builder size(long v) {
            size = v;
            return this;
        }

        public Builder contentType(String v) {
            contentType = v;
            return this;
        }

        public Builder headersHash(int v) {
            headersHash = v;
            return this;
        }

        public Builder lastSeen(long v) {
            lastSeen = v;
            return this;
        }

        public Builder status(int v) {
            status = v;
            return this;
        }

        public Builder depth(int v) {
            depth = v;
            return this;
        }

        public Builder stored(boolean v) {
            stored = v;
            return this;
        }

        public Builder misses(int v) {
            misses = v;
            return this;
        }

        /** An entry that no longer redirects (null) holds no redirect object either. */
        public Builder redirect(String v) {
            redirect = v;
            if (v == null) {
                redirectObject = null;
                redirectFinal = null;
            }
            return this;
        }

        /** The kind of redirect object stored for this URL and its final target; (null, null) for none. */
        public Builder redirectObject(String kind, String finalTarget) {
            redirectObject = kind;
            redirectFinal = kind == null ? null : finalTarget;
            return this;
        }

        public ManifestEntry build() {
            return new ManifestEntry(this);
        }
    }
}
