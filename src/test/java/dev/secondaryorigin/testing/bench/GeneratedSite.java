package dev.secondaryorigin.testing.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A site of N objects computed from the path, never written anywhere: object 0 is the home page {@code /}, object i's
 * children are i*F+1 .. i*F+F (F the fan-out), so following links from {@code /} reaches every object. An object with
 * children is an HTML page; a leaf is a page, or every 20th a CSS, JS or PNG asset. A seed changes a deterministic
 * share of the objects: their bytes, ETag and Last-Modified differ from seed 0's. For benchmarks only.
 */
public final class GeneratedSite {
    private static final long BASE_EPOCH_SECONDS = 1_700_000_000L;
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    /** What the site serves at one path. */
    public static final class Resource {
        public final byte[] body;
        public final String contentType;
        public final String etag;
        public final String lastModified;
        public final long lastModifiedSeconds;

        Resource(byte[] body, String contentType, String etag, long lastModifiedSeconds) {
            this.body = body;
            this.contentType = contentType;
            this.etag = etag;
            this.lastModifiedSeconds = lastModifiedSeconds;
            this.lastModified = HTTP_DATE.format(Instant.ofEpochSecond(lastModifiedSeconds));
        }
    }

    enum Kind { PAGE, CSS, JS, PNG }

    private final long objects;
    private final int fanout;
    private final long seed;
    private final int changeBasisPoints;

    /** {@code changeBasisPoints}: the share of objects seed {@code seed} changes, in 1/10000 (100 = 1 %). */
    public GeneratedSite(long objects, int fanout, long seed, int changeBasisPoints) {
        if (objects < 1 || fanout < 1 || changeBasisPoints < 0 || changeBasisPoints > 10_000) {
            throw new IllegalArgumentException("objects >= 1, fanout >= 1, change share 0..10000 basis points");
        }
        this.objects = objects;
        this.fanout = fanout;
        this.seed = seed;
        this.changeBasisPoints = changeBasisPoints;
    }

    public long objects() {
        return objects;
    }

    Kind kindOf(long id) {
        if (id == 0 || firstChild(id) < objects) {
            return Kind.PAGE;
        }
        switch ((int) (id % 20)) {
            case 7: return Kind.CSS;
            case 13: return Kind.JS;
            case 17: return Kind.PNG;
            default: return Kind.PAGE;
        }
    }

    private long firstChild(long id) {
        return id * fanout + 1;
    }

    public String pathOf(long id) {
        switch (kindOf(id)) {
            case CSS: return "/a/" + id + ".css";
            case JS: return "/a/" + id + ".js";
            case PNG: return "/i/" + id + ".png";
            default: return id == 0 ? "/" : "/p/" + id + ".html";
        }
    }

    /** The id a path names, or -1 when the site has nothing there. */
    public long idOf(String path) {
        if (path.equals("/")) {
            return 0;
        }
        int dot = path.lastIndexOf('.');
        if (dot < 4 || path.charAt(2) != '/') {
            return -1;
        }
        long id;
        try {
            id = Long.parseLong(path.substring(3, dot));
        } catch (NumberFormatException e) {
            return -1;
        }
        return id > 0 && id < objects && pathOf(id).equals(path) ? id : -1;
    }

    /** The version of an object under this site's seed: 0, or the seed for the objects the seed changes. */
    public long versionOf(long id) {
        if (seed == 0 || changeBasisPoints == 0) {
            return 0;
        }
        long h = mix(id * 0x9E3779B97F4A7C15L ^ seed);
        return Long.remainderUnsigned(h, 10_000) < changeBasisPoints ? seed : 0;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** What the site serves at {@code path}, or null for a 404. */
    public Resource resource(String path) {
        long id = idOf(path);
        if (id < 0) {
            return null;
        }
        long version = versionOf(id);
        String etag = "\"" + Long.toHexString(id) + "-" + Long.toHexString(version) + "\"";
        long lm = BASE_EPOCH_SECONDS + (version == 0 ? 0 : 3600 + Math.floorMod(version, 1_000_000L));
        switch (kindOf(id)) {
            case CSS:
                return new Resource(ascii("body{margin:0}\n.o" + id + "{color:#" + hex6(id + version) + "}\n"),
                        "text/css", etag, lm);
            case JS:
                return new Resource(ascii("var o" + id + "=" + version + ";\n"), "application/javascript", etag, lm);
            case PNG:
                return new Resource(png(id, version), "image/png", etag, lm);
            default:
                return new Resource(page(id, version), "text/html; charset=utf-8", etag, lm);
        }
    }

    private byte[] page(long id, long version) {
        StringBuilder b = new StringBuilder(200 + fanout * 32);
        b.append("<!doctype html><html><head><title>Object ").append(id).append("</title></head><body><h1>Object ")
                .append(id).append("</h1><p>version ").append(version).append("</p>");
        if (id > 0) {
            b.append("<a href=\"").append(pathOf((id - 1) / fanout)).append("\">up</a>");
        }
        b.append("<ul>");
        for (long c = firstChild(id); c < objects && c < firstChild(id) + fanout; c++) {
            b.append("<li><a href=\"").append(pathOf(c)).append("\">").append(c).append("</a></li>");
        }
        return ascii(b.append("</ul></body></html>\n").toString());
    }

    /** Not a valid image, only bytes with a PNG signature: the crawler never decodes images. */
    private static byte[] png(long id, long version) {
        byte[] b = new byte[64];
        byte[] sig = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(sig, 0, b, 0, sig.length);
        long x = mix(id ^ (version << 32));
        for (int i = sig.length; i < b.length; i++) {
            b[i] = (byte) (x >>> ((i % 8) * 8));
        }
        return b;
    }

    private static String hex6(long v) {
        String s = "000000" + Long.toHexString(v & 0xFFFFFF);
        return s.substring(s.length() - 6);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
