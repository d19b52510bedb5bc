package dev.secondaryorigin.sync;

import dev.secondaryorigin.crawl.ResourceTypes;
import dev.secondaryorigin.state.ManifestEntry;
import dev.secondaryorigin.task.ResourceType;

/**
 * The schedule of URLs found in scripts and JSON that the origin did not have. Most strings that look like
 * files are not files of the site (a path a script builds differently, a name it only compares against), so
 * a miss is remembered in the manifest (the entry's status, 404 for a soft 404) and asked again only after
 * {@code --script-links-recheck-days}, not every pass. A 404/410 miss is forgotten like any URL without an
 * object after {@link SyncPass#FORGET_AFTER_MISSES} misses (that is, three re-checks); another 4xx (403 from
 * a bucket-like origin) stays remembered and re-checked on the schedule.
 */
final class SpeculativeMisses {
    private final long recheckMillis;
    private final long now;

    SpeculativeMisses(int recheckDays, long now) {
        this.recheckMillis = recheckDays * 24L * 3600 * 1000;
        this.now = now;
    }

    /** A speculative URL the origin answered with a 4xx (or a soft 404) last time it was asked. */
    static boolean isMiss(ManifestEntry e) {
        return e.speculative() && e.status() >= 400 && e.status() < 500;
    }

    /** True while a remembered miss is not to be asked again. */
    boolean resting(ManifestEntry e) {
        return isMiss(e) && now - e.lastSeen() < recheckMillis;
    }

    /**
     * A soft 404: a URL whose extension names a non-HTML file (a script, an image, JSON) answered with an HTML
     * page, as a site's catch-all error or SPA fallback page does. Such a body is not the file.
     */
    static boolean softNotFound(String path, String contentType) {
        return ResourceTypes.hasKnownExtension(path) && ResourceTypes.byExtension(path) != ResourceType.HTML
                && ResourceTypes.classify(contentType, path) == ResourceType.HTML;
    }
}
