package dev.secondaryorigin.sync;

import dev.secondaryorigin.crawl.Frontier;
import dev.secondaryorigin.crawl.ItemKind;
import dev.secondaryorigin.crawl.RefusedUrlException;
import dev.secondaryorigin.crawl.Scope;
import dev.secondaryorigin.crawl.SiteMaps;
import dev.secondaryorigin.crawl.UrlKeys;
import dev.secondaryorigin.state.Manifest;
import dev.secondaryorigin.state.ManifestEntry;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns the URLs a pass meets (entries, manifest, links, sitemaps, CDN seeds) into frontier items: scope
 * and URL rules first, each refused URL counted once by reason.
 */
final class Discovery {
    /** URLs longer than this are refused before any parsing. */
    static final int MAX_URL_CHARS = 8192;
    /** Raw link strings remembered as handled, a shortcut past URL parsing (bounded). */
    static final int RAW_SEEN_LIMIT = 200_000;
    static final int REFUSED_SEEN_LIMIT = 200_000;

    private final Scope scope;
    private final Frontier frontier;
    private final PassStats stats;
    private final Set<String> rawSeen = ConcurrentHashMap.newKeySet();
    private final Set<String> refusedSeen = ConcurrentHashMap.newKeySet();
    private Manifest manifest;
    private SpeculativeMisses misses;
    private long speculativePerPass;
    /** Which known URLs this pass asks about; null: all of them. */
    private RevisitSchedule revisit;

    Discovery(Scope scope, Frontier frontier, PassStats stats) {
        this.scope = scope;
        this.frontier = frontier;
        this.stats = stats;
    }

    /** Takes URLs found in scripts and JSON, at most {@code perPass} a pass, skipping misses still resting. */
    Discovery speculative(Manifest manifest, SpeculativeMisses misses, long perPass) {
        this.manifest = manifest;
        this.misses = misses;
        this.speculativePerPass = perPass;
        return this;
    }

    /**
     * Asks only the known URLs the schedule finds due: the others are neither seeded nor admitted from links
     * (their manifest entries carry over untouched), unless something makes them due now ({@link #dueNow}).
     */
    Discovery revisit(RevisitSchedule schedule) {
        this.revisit = schedule;
        return this;
    }

    /**
     * Entry URLs, robots.txt and the conventional sitemap, and every URL the manifest knows (the frontier takes
     * the shallowest first; {@code known} is read once, entry by entry).
     */
    void seed(List<String> entries, boolean sitemaps, Iterable<ManifestEntry> known) {
        for (String e : entries) {
            // Every pass starts where the site starts, whatever the entry page's schedule.
            path(e, 0, ItemKind.PAGE, true);
        }
        if (sitemaps) {
            path(SiteMaps.ROBOTS_PATH, 0, ItemKind.ROBOTS);
            path(SiteMaps.DEFAULT_SITEMAP_PATH, 0, ItemKind.SITEMAP);
        }
        for (ManifestEntry e : known) {
            if (e.speculative() && (misses == null || misses.resting(e))) {
                continue; // found by script only: asked again on the slow schedule (or not at all when off)
            }
            ItemKind kind = e.path().equals(SiteMaps.ROBOTS_PATH) ? ItemKind.ROBOTS
                    : SiteMaps.isSitemapPath(e.path()) ? ItemKind.SITEMAP
                    : e.speculative() ? ItemKind.SPECULATIVE : ItemKind.PAGE;
            if (revisit != null && !scheduleExempt(kind) && !revisit.due(e)) {
                continue; // carried over untouched; counted at the end of the pass
            }
            path(e.path(), e.depth(), kind);
        }
    }

    /** An absolute URL found in a document or given as a seed. */
    void url(String absoluteUrl, int depth, ItemKind kind) {
        // Most links of a site point to pages already seen: skip them before parsing the URL again.
        if (rawSeen.contains(absoluteUrl)) {
            return;
        }
        if (absoluteUrl.length() > MAX_URL_CHARS) {
            skipOnce(absoluteUrl.substring(0, 200), "url-too-long");
            return;
        }
        String path;
        try {
            path = scope.pathOf(absoluteUrl);
        } catch (RefusedUrlException e) {
            skipOnce(absoluteUrl, e.reason());
            remember(absoluteUrl);
            return;
        }
        admit(path, depth, kind);
        if (frontier.seen(path) || notDue(path, kind)) {
            // Not remembered when refused for depth: the same link may come again from a shallower page.
            remember(absoluteUrl);
        }
    }

    /**
     * A URL that is due now whatever its schedule says (a CDN log hit, a sitemap lastmod newer than our check),
     * so a known URL the schedule left out is asked after all.
     */
    void dueNow(String absoluteUrl, int depth, ItemKind kind) {
        String path;
        try {
            path = scope.pathOf(absoluteUrl);
        } catch (RefusedUrlException e) {
            url(absoluteUrl, depth, kind);
            return;
        }
        admit(path, depth, kind, true);
    }

    /**
     * A URL listed by a sitemap, with the {@code <lastmod>} it gives (or -1): a known URL changed after our last
     * check is due now.
     */
    void sitemapUrl(String absoluteUrl, int depth, ItemKind kind, long lastModified) {
        if (revisit != null && lastModified > 0) {
            try {
                ManifestEntry known = revisit.known(scope.pathOf(absoluteUrl));
                if (known != null && lastModified > known.lastSeen()) {
                    dueNow(absoluteUrl, depth, kind);
                    return;
                }
            } catch (RefusedUrlException e) {
                // url() counts the refusal
            }
        }
        url(absoluteUrl, depth, kind);
    }

    /** A known URL the schedule leaves out of this pass (robots.txt and sitemaps are always asked). */
    private boolean notDue(String path, ItemKind kind) {
        return revisit != null && !scheduleExempt(kind) && !frontier.seen(path) && !revisit.due(path);
    }

    /** robots.txt and sitemaps are asked every pass: they are few, and their lastmods make other URLs due. */
    private static boolean scheduleExempt(ItemKind kind) {
        return kind == ItemKind.ROBOTS || kind == ItemKind.SITEMAP;
    }

    /**
     * An absolute URL a script or JSON file may load. Other hosts are dropped without a count (most strings of
     * a script that name another host are its CDN's or an analytics service's); a remembered miss that is
     * resting, and URLs past the pass's allowance, are counted once.
     */
    void speculative(String absoluteUrl, int depth) {
        if (manifest == null || rawSeen.contains(absoluteUrl) || absoluteUrl.length() > MAX_URL_CHARS) {
            return;
        }
        String path;
        try {
            path = scope.pathOf(absoluteUrl);
        } catch (RefusedUrlException e) {
            if (!e.reason().equals("off-site")) {
                skipOnce(absoluteUrl, "speculative-" + e.reason());
            }
            remember(absoluteUrl);
            return;
        }
        if (frontier.seen(path)) {
            remember(absoluteUrl);
            return;
        }
        ManifestEntry known = manifest.get(path);
        if (known != null && revisit != null && !revisit.due(known)) {
            remember(absoluteUrl);
            return;
        }
        if (known != null && misses.resting(known)) {
            skipOnce(path, "speculative-known-miss");
            remember(absoluteUrl);
            return;
        }
        if (stats.speculativeQueued.incrementAndGet() > speculativePerPass) {
            stats.speculativeQueued.decrementAndGet();
            skipOnce(path, "speculative-pass-limit");
            return;
        }
        Frontier.Admission a = frontier.admit(path, depth, ItemKind.SPECULATIVE);
        if (a != Frontier.Admission.ADMITTED) {
            stats.speculativeQueued.decrementAndGet();
        }
        if (a == Frontier.Admission.ADMITTED) {
            stats.discovered.incrementAndGet();
        } else if (a == Frontier.Admission.TOO_DEEP) {
            skipOnce(path, "max-depth");
        } else if (a == Frontier.Admission.FULL) {
            skipOnce(path, "max-objects");
        }
        if (frontier.seen(path)) {
            remember(absoluteUrl);
        }
    }

    /** A site path (entry, manifest) rather than a URL. */
    void path(String rawPath, int depth, ItemKind kind) {
        path(rawPath, depth, kind, false);
    }

    private void path(String rawPath, int depth, ItemKind kind, boolean dueNow) {
        try {
            admit(scope.checkPath(UrlKeys.canonicalPath(rawPath)), depth, kind, dueNow);
        } catch (RefusedUrlException e) {
            skipOnce(rawPath, e.reason());
        }
    }

    void admit(String path, int depth, ItemKind kind) {
        admit(path, depth, kind, false);
    }

    /** True when the URL joined the frontier; a known URL that is not due joins only when {@code dueNow}. */
    private boolean admit(String path, int depth, ItemKind kind, boolean dueNow) {
        if (!dueNow && notDue(path, kind)) {
            return false;
        }
        switch (frontier.admit(path, depth, kind)) {
            case ADMITTED:
                stats.discovered.incrementAndGet();
                return true;
            case TOO_DEEP:
                skipOnce(path, "max-depth");
                return false;
            case FULL:
                skipOnce(path, "max-objects");
                return false;
            default:
                return false;
        }
    }

    /** Counts a refused URL once per pass, however many pages link to it. */
    void skipOnce(String url, String reason) {
        if (refusedSeen.size() >= REFUSED_SEEN_LIMIT || refusedSeen.add(reason + " " + url)) {
            stats.skip(reason);
        }
    }

    private void remember(String absoluteUrl) {
        if (rawSeen.size() < RAW_SEEN_LIMIT) {
            rawSeen.add(absoluteUrl);
        }
    }
}
