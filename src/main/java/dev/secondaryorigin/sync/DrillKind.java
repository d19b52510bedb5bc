package dev.secondaryorigin.sync;

/** What a drilled URL is to a visitor; the drill gives a readiness figure per kind. */
public enum DrillKind {
    /** An HTML page the origin served. */
    PAGES("pages"),
    /** Any other stored object: CSS, scripts, images, fonts, documents, data. */
    ASSETS("assets"),
    /** A URL the origin answered with a redirect. */
    REDIRECTS("redirects"),
    /** A file found in scripts or JSON and fetched speculatively (when the manifest says so). */
    SCRIPT_LOADED("script-loaded"),
    /** The other form of a directory URL: {@code /dir} for {@code /dir/}, {@code /dir/} for {@code /dir/index.html}. */
    DIRECTORIES("directories"),
    /** A stored URL asked with a query string, as links with tracking parameters arrive. */
    QUERY_STRINGS("query-strings");

    private final String id;

    DrillKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
