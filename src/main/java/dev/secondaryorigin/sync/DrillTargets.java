package dev.secondaryorigin.sync;

import dev.secondaryorigin.crawl.RefusedUrlException;
import dev.secondaryorigin.crawl.UrlKeys;
import dev.secondaryorigin.crawl.UrlResolver;

import java.util.Locale;
import java.util.Set;

/**
 * Whether a redirect (a Location, a meta refresh, a canonical link) sends the visitor to one of a probe's
 * targets. In-site targets are object keys and are compared by the path alone, because the drill reaches the
 * site through another host (the bucket's endpoint, an edge's address) than the one the pages name; a target on
 * another host is compared as the whole URL.
 */
final class DrillTargets {
    private DrillTargets() {
    }

    static boolean matches(Set<String> targets, String base, String ref) {
        String url = UrlResolver.resolve(base, ref);
        if (targets.contains(url) || targets.contains(stripDefaultPort(url))) {
            return true;
        }
        String key = keyOf(url);
        return key != null && targets.contains(key);
    }

    /** The object key of an absolute URL's path, or null. */
    static String keyOf(String url) {
        int sep = url.indexOf("://");
        if (sep <= 0) {
            return null;
        }
        int start = url.indexOf('/', sep + 3);
        String path = start < 0 ? "/" : url.substring(start);
        int cut = path.length();
        for (char c : new char[]{'?', '#'}) {
            int i = path.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        try {
            return UrlKeys.keyFor(UrlKeys.canonicalPath(path.substring(0, cut)));
        } catch (RefusedUrlException e) {
            return null;
        }
    }

    private static String stripDefaultPort(String url) {
        return url.toLowerCase(Locale.ROOT).startsWith("https://") ? url.replaceFirst("(?i)^(https://[^/:]+):443", "$1")
                : url.replaceFirst("(?i)^(http://[^/:]+):80", "$1");
    }
}
