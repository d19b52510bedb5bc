package dev.secondaryorigin.crawl;

import dev.secondaryorigin.task.ResourceType;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Decides a response's resource type: by Content-Type first, by the path's extension second. */
public final class ResourceTypes {
    private static final Map<String, ResourceType> EXT = new HashMap<>();

    static {
        ext(ResourceType.HTML, "html", "htm", "xhtml", "shtml");
        ext(ResourceType.CSS, "css");
        ext(ResourceType.JS, "js", "mjs", "cjs");
        ext(ResourceType.IMAGE, "png", "jpg", "jpeg", "gif", "svg", "svgz", "webp", "avif", "ico", "bmp", "tif", "tiff", "apng", "jxl");
        ext(ResourceType.FONT, "woff", "woff2", "ttf", "otf", "eot");
        ext(ResourceType.MEDIA, "mp4", "webm", "ogg", "ogv", "oga", "mp3", "wav", "m4a", "m4v", "mov", "flac", "aac", "opus", "vtt", "m3u8", "ts");
        ext(ResourceType.DOCUMENT, "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf", "txt", "epub", "md");
        ext(ResourceType.DATA, "json", "xml", "csv", "tsv", "rss", "atom", "map", "webmanifest", "yaml", "yml", "gz");
    }

    private ResourceTypes() {
    }

    private static void ext(ResourceType t, String... exts) {
        for (String e : exts) {
            EXT.put(e, t);
        }
    }

    /** Type of a response; {@code contentType} may be null. */
    public static ResourceType classify(String contentType, String path) {
        ResourceType byType = byContentType(contentType);
        return byType != null ? byType : byExtension(path);
    }

    /** Type guessed from the path alone (for decisions made before fetching). */
    public static ResourceType byExtension(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        if (p.endsWith("/")) {
            return ResourceType.HTML;
        }
        int slash = p.lastIndexOf('/');
        int dot = p.lastIndexOf('.');
        if (dot <= slash) {
            return ResourceType.HTML;
        }
        ResourceType t = EXT.get(p.substring(dot + 1));
        return t == null ? ResourceType.OTHER : t;
    }

    /** True when the path's extension names a type for sure (not the extension-less/HTML default). */
    public static boolean hasKnownExtension(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        int slash = p.lastIndexOf('/');
        int dot = p.lastIndexOf('.');
        return dot > slash && EXT.containsKey(p.substring(dot + 1));
    }

    static ResourceType byContentType(String contentType) {
        if (contentType == null) {
            return null;
        }
        String ct = contentType.toLowerCase(Locale.ROOT);
        int semi = ct.indexOf(';');
        if (semi >= 0) {
            ct = ct.substring(0, semi);
        }
        ct = ct.trim();
        if (ct.isEmpty() || ct.equals("application/octet-stream") || ct.equals("binary/octet-stream")) {
            return null;
        }
        if (ct.equals("text/html") || ct.equals("application/xhtml+xml")) {
            return ResourceType.HTML;
        }
        if (ct.equals("text/css")) {
            return ResourceType.CSS;
        }
        if (ct.contains("javascript") || ct.contains("ecmascript")) {
            return ResourceType.JS;
        }
        if (ct.startsWith("image/")) {
            return ResourceType.IMAGE;
        }
        if (ct.startsWith("font/") || ct.contains("font-woff") || ct.contains("fontobject")
                || ct.equals("application/x-font-ttf") || ct.equals("application/x-font-otf")) {
            return ResourceType.FONT;
        }
        if (ct.startsWith("audio/") || ct.startsWith("video/") || ct.equals("text/vtt")
                || ct.contains("mpegurl")) {
            return ResourceType.MEDIA;
        }
        if (ct.equals("application/pdf") || ct.equals("text/plain") || ct.contains("msword")
                || ct.contains("officedocument") || ct.contains("ms-excel") || ct.contains("ms-powerpoint")
                || ct.contains("opendocument") || ct.equals("application/rtf") || ct.equals("application/epub+zip")
                || ct.equals("text/markdown")) {
            return ResourceType.DOCUMENT;
        }
        if (ct.contains("json") || ct.contains("xml") || ct.equals("text/csv") || ct.equals("text/tab-separated-values")) {
            return ResourceType.DATA;
        }
        return ResourceType.OTHER;
    }

    /** True for types whose bodies are read for links. */
    public static boolean isParsed(String contentType, String path) {
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        ResourceType t = classify(contentType, path);
        return t == ResourceType.HTML || t == ResourceType.CSS || ct.startsWith("image/svg+xml")
                || (ct.isEmpty() && path.toLowerCase(Locale.ROOT).endsWith(".svg"));
    }
}
