package dev.secondaryorigin.crawl;

import org.jsoup.internal.StringUtil;

/**
 * Resolves a link against its document's URL. The common shapes (absolute, scheme-relative,
 * root-relative, relative, query- or fragment-only) are handled by string work alone, because a crawl
 * resolves every link of every page; anything unusual (control characters, backslashes) goes to jsoup's
 * lenient resolver.
 */
public final class UrlResolver {
    private UrlResolver() {
    }

    public static String resolve(String base, String rel) {
        if (rel == null) {
            return "";
        }
        String r = rel.trim();
        for (int i = 0; i < r.length(); i++) {
            char c = r.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return StringUtil.resolve(base, rel);
            }
        }
        int schemeEnd = schemeEnd(r);
        if (schemeEnd > 0) {
            return r;
        }
        int sep = base.indexOf("://");
        if (sep <= 0) {
            return StringUtil.resolve(base, rel);
        }
        int authorityEnd = sep + 3;
        while (authorityEnd < base.length() && "/?#".indexOf(base.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        String origin = base.substring(0, authorityEnd);
        int pathEnd = authorityEnd;
        while (pathEnd < base.length() && "?#".indexOf(base.charAt(pathEnd)) < 0) {
            pathEnd++;
        }
        String basePath = base.substring(authorityEnd, pathEnd);
        if (basePath.isEmpty()) {
            basePath = "/";
        }
        if (r.isEmpty() || r.charAt(0) == '#') {
            return base;
        }
        // String.concat, not +: each + is a string-concatenation call site whose method-handle tree the JIT
        // inlines, and five of them made this the costliest method of a short pass to compile.
        if (r.startsWith("//")) {
            return base.substring(0, sep + 1).concat(r);
        }
        String path;
        if (r.charAt(0) == '/') {
            path = r;
        } else if (r.charAt(0) == '?') {
            return origin.concat(basePath.concat(r));
        } else {
            path = basePath.substring(0, basePath.lastIndexOf('/') + 1).concat(r);
        }
        return origin.concat(withoutDots(path));
    }

    /** Removes dot segments from the path part of a root-relative reference. */
    private static String withoutDots(String ref) {
        if (ref.indexOf("./") < 0 && !ref.endsWith("/.") && !ref.endsWith("/..")) {
            return ref;
        }
        int cut = ref.length();
        for (int i = 0; i < ref.length(); i++) {
            if (ref.charAt(i) == '?' || ref.charAt(i) == '#') {
                cut = i;
                break;
            }
        }
        return UrlKeys.removeDotSegments(ref.substring(0, cut)).concat(ref.substring(cut));
    }

    /** Index of the ':' ending a URL scheme at the start of {@code s}, or -1. */
    private static int schemeEnd(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ':') {
                return i > 0 ? i : -1;
            }
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
            if (!ok) {
                return -1;
            }
        }
        return -1;
    }
}
