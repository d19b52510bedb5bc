package dev.secondaryorigin.sync;

import dev.secondaryorigin.crawl.RefusedUrlException;
import dev.secondaryorigin.crawl.Scope;
import dev.secondaryorigin.state.Manifest;
import dev.secondaryorigin.state.ManifestEntry;

import java.util.HashSet;
import java.util.Set;

/**
 * Follows a redirecting URL through the manifest to where a visitor ends up: the final in-site target, or why
 * there is none (another host, a loop, too many hops, a target that is gone or not in the backup). Pure: it reads
 * what the pass recorded and asks nothing of the origin.
 */
final class RedirectChains {
    /** Browsers give up after about 20 hops; a site's own chains are short, so more than this is refused. */
    static final int MAX_HOPS = 10;

    /** How a chain ends. */
    enum End {
        /** At a stored 200 object of the site. */
        TARGET,
        /** On another host that the task does not cover (no --extra-host for it). */
        OFF_SITE,
        /** At a URL the site's rules refuse (excluded, hostile). */
        REFUSED,
        /** Back at a URL already on the chain. */
        LOOP,
        /** After more than {@link #MAX_HOPS} hops. */
        TOO_LONG,
        /** At a URL the origin says is gone (404/410). */
        GONE,
        /** At a URL with no object in the backup (not fetched, failed, type not selected, not included). */
        NOT_STORED
    }

    /** Where one redirect source's chain ends. */
    static final class Resolution {
        final End end;
        /** The first hop's target path (or URL), as the origin answered. */
        final String firstHop;
        /** The final target's path (the off-site URL for OFF_SITE), or null. */
        final String target;
        /** The final target's manifest entry, for TARGET and GONE; else null. */
        final ManifestEntry entry;
        /** Why a URL was refused, for REFUSED. */
        final String reason;

        Resolution(End end, String firstHop, String target, ManifestEntry entry, String reason) {
            this.end = end;
            this.firstHop = firstHop;
            this.target = target;
            this.entry = entry;
            this.reason = reason;
        }
    }

    private final Manifest manifest;
    private final Scope scope;

    RedirectChains(Manifest manifest, Scope scope) {
        this.manifest = manifest;
        this.scope = scope;
    }

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** Follows {@code source}, an entry whose last answer was a redirect. */
    Resolution resolve(ManifestEntry source) {
        Set<String> visited = new HashSet<>();
        visited.add(source.path());
        ManifestEntry at = source;
        String firstHop = source.redirect();
        for (int hops = 1; ; hops++) {
            String next = at.redirect();
            if (next == null) {
                return new Resolution(End.NOT_STORED, firstHop, at.path(), null, null);
            }
            if (!next.startsWith("/")) {
                // Recorded as an absolute URL because it was refused when the redirect was answered; asked again,
                // since --extra-host may cover it now.
                try {
                    next = scope.pathOf(next);
                } catch (RefusedUrlException e) {
                    return new Resolution(e.reason().equals("off-site") ? End.OFF_SITE : End.REFUSED, firstHop,
                            next, null, e.reason());
                }
            }
            if (hops > MAX_HOPS) {
                return new Resolution(End.TOO_LONG, firstHop, next, null, null);
            }
            if (!visited.add(next)) {
                return new Resolution(End.LOOP, firstHop, next, null, null);
            }
            ManifestEntry t = manifest.get(next);
            if (t == null) {
                return new Resolution(End.NOT_STORED, firstHop, next, null, null);
            }
            if (isRedirect(t.status())) {
                at = t;
                continue;
            }
            if (t.status() == 404 || t.status() == 410) {
                return new Resolution(End.GONE, firstHop, next, t, null);
            }
            // A target whose fetch failed this pass keeps its last good entry (status 200), object and all.
            return t.stored() && t.status() == 200 && t.redirectObject() == null
                    ? new Resolution(End.TARGET, firstHop, next, t, null)
                    : new Resolution(End.NOT_STORED, firstHop, next, t, null);
        }
    }
}
