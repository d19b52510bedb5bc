package dev.secondaryorigin.serve;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Content types for files that carry no stored metadata (a plain directory served by {@code serve},
 * e.g. the demo's origin); a synced backup always serves the origin's own Content-Type.
 */
final class MimeTypes {
    private static final Map<String, String> BY_EXT = new HashMap<>();

    static {
        String[][] t = {
                {"html", "text/html"}, {"htm", "text/html"}, {"css", "text/css"}, {"js", "application/javascript"},
                {"mjs", "application/javascript"}, {"json", "application/json"}, {"xml", "text/xml"},
                {"txt", "text/plain"}, {"png", "image/png"}, {"jpg", "image/jpeg"}, {"jpeg", "image/jpeg"},
                {"gif", "image/gif"}, {"svg", "image/svg+xml"}, {"webp", "image/webp"}, {"ico", "image/x-icon"},
                {"avif", "image/avif"}, {"woff", "font/woff"}, {"woff2", "font/woff2"}, {"ttf", "font/ttf"},
                {"otf", "font/otf"}, {"pdf", "application/pdf"}, {"mp4", "video/mp4"}, {"webm", "video/webm"},
                {"mp3", "audio/mpeg"}, {"wasm", "application/wasm"}, {"zip", "application/zip"},
                {"gz", "application/gzip"}, {"csv", "text/csv"}, {"map", "application/json"},
        };
        for (String[] e : t) {
            BY_EXT.put(e[0], e[1]);
        }
    }

    private MimeTypes() {
    }

    static String guess(String key) {
        int slash = key.lastIndexOf('/');
        int dot = key.lastIndexOf('.');
        if (dot <= slash) {
            return "application/octet-stream";
        }
        String t = BY_EXT.get(key.substring(dot + 1).toLowerCase(Locale.ROOT));
        return t == null ? "application/octet-stream" : t;
    }
}
