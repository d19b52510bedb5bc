package dev.secondaryorigin.crawl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which strings of a script, a JSON file or template markup are worth a speculative request, and the URLs
 * they stand for. A string qualifies when it looks like a path or an http(s) URL naming a file of a known
 * type ({@link #EXTENSIONS}); everything else (prose, CSS selectors, MIME types, module names, globs,
 * {@code data:}/{@code blob:} URLs, strings with spaces, quotes or control characters, very long strings)
 * is noise. A web-app manifest's {@code start_url} and {@code scope} qualify without an extension.
 *
 * <p>Where a script will resolve a relative string at run time is not knowable statically (against the page
 * that runs it, or after a path prefix variable is prepended), so a relative string stands for two URLs:
 * resolved against the document and against the site root. Other hosts are left to {@link Scope}.
 */
public final class ScriptUrls {
    /** Longer strings are not paths anyone loads by script. */
    public static final int MAX_CHARS = 400;
    /** Extensions of files a page loads by script or lists in JSON. */
    static final Set<String> EXTENSIONS = new HashSet<>(Arrays.asList(
            "js", "mjs", "cjs", "json", "webmanifest", "css", "html", "htm", "xhtml", "svg", "png", "jpg", "jpeg",
            "gif", "webp", "avif", "ico", "bmp", "woff", "woff2", "ttf", "otf", "eot", "wasm", "txt", "xml", "map",
            "pdf", "mp4", "webm", "mp3", "ogg", "wav", "vtt", "csv"));
    /** JSON keys whose value is a page URL without a file extension (web-app manifests). */
    private static final Set<String> PAGE_KEYS = new HashSet<>(Arrays.asList("start_url", "scope"));

    private ScriptUrls() {
    }

    /**
     * The absolute URLs {@code s} stands for, or none when it is noise.
     *
     * @param key the JSON / object key {@code s} is the value of, or null
     */
    public static List<String> candidates(String s, String key, String documentUrl) {
        if (!qualifies(s, key)) {
            return Collections.emptyList();
        }
        String first = resolve(documentUrl, s);
        boolean relative = !(s.startsWith("/") || hasHttpScheme(s));
        if (!relative) {
            return first == null ? Collections.<String>emptyList() : Collections.singletonList(first);
        }
        List<String> out = new ArrayList<>(2);
        if (first != null) {
            out.add(first);
        }
        String atRoot = resolve(siteRoot(documentUrl), s);
        if (atRoot != null && !atRoot.equals(first)) {
            out.add(atRoot);
        }
        return out;
    }

    /** True when {@code s} looks like a same-site path or an http(s) URL of a file of a known type. */
    static boolean qualifies(String s, String key) {
        int len = s.length();
        if (len < 2 || len > MAX_CHARS || s.charAt(0) == '@' || s.charAt(0) == '#' || s.charAt(0) == '?') {
            return false;
        }
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || "\"'`<>{}|^\\*$()[];,!".indexOf(c) >= 0
                    || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return false;
            }
        }
        int pathStart = 0;
        int colon = s.indexOf(':');
        int slash = s.indexOf('/');
        if (colon >= 0 && (slash < 0 || colon < slash)) {
            if (!hasHttpScheme(s)) {
                return false; // data:, blob:, javascript:, mailto:, webpack:, node:, C:
            }
            pathStart = authorityEnd(s, s.indexOf("//") + 2);
        } else if (s.startsWith("//")) {
            pathStart = authorityEnd(s, 2);
        }
        int end = len;
        for (int i = pathStart; i < len; i++) {
            if (s.charAt(i) == '?' || s.charAt(i) == '#') {
                end = i;
                break;
            }
        }
        String path = s.substring(pathStart, end);
        if (key != null && PAGE_KEYS.contains(key)) {
            return true;
        }
        int lastSlash = path.lastIndexOf('/');
        String name = path.substring(lastSlash + 1);
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || dot == name.length() - 1) {
            return false; // no extension, or ".js" alone (an extension compared against, not a file)
        }
        if (!EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))) {
            return false;
        }
        return pathStart > 0 || !startsWithHostName(path);
    }

    /** "cdn.example.com/x.js": a host name written without a scheme, not a path of this site. */
    private static boolean startsWithHostName(String path) {
        if (path.startsWith("/") || path.startsWith(".")) {
            return false;
        }
        int slash = path.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String first = path.substring(0, slash);
        int dot = first.lastIndexOf('.');
        if (dot <= 0) {
            return false;
        }
        String tld = first.substring(dot + 1);
        if (tld.length() < 2 || EXTENSIONS.contains(tld.toLowerCase(Locale.ROOT))) {
            return false;
        }
        for (int i = 0; i < tld.length(); i++) {
            if (!Character.isLetter(tld.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasHttpScheme(String s) {
        return s.regionMatches(true, 0, "http://", 0, 7) || s.regionMatches(true, 0, "https://", 0, 8);
    }

    private static int authorityEnd(String s, int from) {
        int i = from;
        while (i < s.length() && "/?#".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        return i;
    }

    /** scheme://authority/ of an absolute URL. */
    static String siteRoot(String url) {
        int sep = url.indexOf("://");
        if (sep < 0) {
            return url;
        }
        return url.substring(0, authorityEnd(url, sep + 3)) + "/";
    }

    private static String resolve(String base, String raw) {
        String abs;
        try {
            abs = UrlResolver.resolve(base, raw);
        } catch (RuntimeException e) {
            return null;
        }
        if (abs == null || !hasHttpScheme(abs)) {
            return null;
        }
        int hash = abs.indexOf('#');
        return hash >= 0 ? abs.substring(0, hash) : abs;
    }
}
