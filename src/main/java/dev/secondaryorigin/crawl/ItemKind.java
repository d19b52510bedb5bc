package dev.secondaryorigin.crawl;

/**
 * What a URL in the frontier is: a page or file of the site, robots.txt, a sitemap, or a URL a script or
 * JSON file may load ({@link #SPECULATIVE}: a miss is expected, not a failure). New kinds go at the end.
 */
public enum ItemKind {
    PAGE, ROBOTS, SITEMAP, SPECULATIVE;

    /** The number a checkpoint stores (stable: checkpoints written by older versions use it too). */
    public int code() {
        return ordinal();
    }

    public static ItemKind ofCode(int code) {
        ItemKind[] all = values();
        return code >= 0 && code < all.length ? all[code] : PAGE;
    }
}
