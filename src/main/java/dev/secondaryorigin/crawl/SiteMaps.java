package dev.secondaryorigin.crawl;

import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import crawlercommons.sitemaps.AbstractSiteMap;
import crawlercommons.sitemaps.SiteMap;
import crawlercommons.sitemaps.SiteMapIndex;
import crawlercommons.sitemaps.SiteMapParser;
import crawlercommons.sitemaps.SiteMapURL;
import crawlercommons.sitemaps.UnknownFormatException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * robots.txt {@code Sitemap:} lines and sitemaps (plain, gzip'd, indexes), via crawler-commons.
 *
 * <p>Sitemaps are hostile input like any page. crawler-commons (1.4) parses XML with SAX (the JDK's
 * parser on our class path) with external general and parameter entities and external DTD loading
 * switched off, an entity resolver that answers every lookup with an empty document, and (unless
 * {@code setAllowDocTypeDefinitions(true)}) any {@code <!DOCTYPE>} refused outright; we set that last one
 * explicitly. So a sitemap declaring entities (an
 * external one naming {@code file:///etc/passwd} or {@code http://100.100.100.200/}, or the nested
 * "billion laughs" kind) is refused before any entity is read or expanded: it is still backed up as a
 * file, but yields no URLs. A gzip'd sitemap is inflated here, to at most {@link #MAX_SITEMAP_BYTES} (the
 * sitemaps.org limit), so a compression bomb costs no more than an honest sitemap.
 */
public final class SiteMaps {
    public static final String ROBOTS_PATH = "/robots.txt";
    public static final String DEFAULT_SITEMAP_PATH = "/sitemap.xml";
    /** The most a sitemap may hold once inflated (sitemaps.org: 50 MB); a bigger one is not read. */
    public static final int MAX_SITEMAP_BYTES = 50 << 20;

    private SiteMaps() {
    }

    /** The sitemap URLs a robots.txt names. */
    public static List<String> sitemapsInRobots(byte[] robots, String robotsUrl) {
        SimpleRobotRules rules = new SimpleRobotRulesParser().parseContent(robotsUrl, robots, "text/plain",
                Collections.singletonList("cdn-secondary-origin"));
        return new ArrayList<>(rules.getSitemaps());
    }

    /** True when the body looks like a sitemap document (so a 304'd or linked .xml need not be guessed). */
    public static boolean isSitemapPath(String path) {
        String p = path.toLowerCase(java.util.Locale.ROOT);
        return p.contains("sitemap") && (p.endsWith(".xml") || p.endsWith(".xml.gz") || p.endsWith(".txt"));
    }

    /**
     * Page URLs and nested sitemap URLs in a sitemap; empty for a body that is not a sitemap, is broken,
     * declares a DOCTYPE, or inflates beyond {@link #MAX_SITEMAP_BYTES}. Never throws.
     */
    public static List<String> urlsInSitemap(byte[] body, String contentType, String sitemapUrl) {
        List<String> urls = new ArrayList<>();
        for (Listed l : listedInSitemap(body, contentType, sitemapUrl)) {
            urls.add(l.url());
        }
        return urls;
    }

    /** A URL a sitemap lists, with its {@code <lastmod>} in epoch milliseconds (-1 when it gives none). */
    public static final class Listed {
        private final String url;
        private final long lastModified;

        Listed(String url, long lastModified) {
            this.url = url;
            this.lastModified = lastModified;
        }

        public String url() {
            return url;
        }

        public long lastModified() {
            return lastModified;
        }
    }

    /** As {@link #urlsInSitemap}, with each URL's {@code <lastmod>}. Never throws. */
    public static List<Listed> listedInSitemap(byte[] body, String contentType, String sitemapUrl) {
        List<Listed> out = new ArrayList<>();
        try {
            SiteMapParser parser = new SiteMapParser(false);
            // Refuse any DOCTYPE, hence any entity declaration (crawler-commons' default; said here so no
            // upgrade or refactoring turns it off silently).
            parser.setAllowDocTypeDefinitions(false);
            byte[] content = body;
            String type = contentType == null ? "application/xml" : contentType;
            if (isGzip(body)) {
                content = inflate(body, MAX_SITEMAP_BYTES);
                if (content == null) {
                    return out;
                }
                type = looksLikeXml(content) ? "application/xml" : "text/plain";
            }
            AbstractSiteMap sm = parser.parseSiteMap(type, content, new URL(sitemapUrl));
            if (sm.isIndex()) {
                for (AbstractSiteMap child : ((SiteMapIndex) sm).getSitemaps()) {
                    out.add(new Listed(child.getUrl().toString(), millis(child.getLastModified())));
                }
            } else {
                for (SiteMapURL u : ((SiteMap) sm).getSiteMapUrls()) {
                    out.add(new Listed(u.getUrl().toString(), millis(u.getLastModified())));
                }
            }
        } catch (UnknownFormatException | IOException | RuntimeException | StackOverflowError e) {
            // Not a sitemap, or a broken or refused one: it is still backed up as a file, just not read for URLs.
            return out;
        }
        return out;
    }

    private static long millis(java.util.Date d) {
        return d == null ? -1 : d.getTime();
    }

    private static boolean isGzip(byte[] body) {
        return body.length >= 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b;
    }

    /** The inflated gzip body, or null when it is broken or inflates beyond {@code max} bytes. */
    static byte[] inflate(byte[] gz, int max) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(max, Math.max(1024, gz.length * 4)));
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                if (out.size() + (long) n > max) {
                    return null;
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** True when the text starts (after a BOM and white space) with '<'. */
    private static boolean looksLikeXml(byte[] content) {
        int i = 0;
        if (content.length >= 3 && (content[0] & 0xff) == 0xef && (content[1] & 0xff) == 0xbb
                && (content[2] & 0xff) == 0xbf) {
            i = 3;
        }
        while (i < content.length && (content[i] == ' ' || content[i] == '\t' || content[i] == '\r' || content[i] == '\n')) {
            i++;
        }
        return i < content.length && content[i] == '<';
    }
}
