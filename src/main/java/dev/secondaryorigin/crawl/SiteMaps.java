package dev.secondaryorigin.crawl;

import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import crawlercommons.sitemaps.AbstractSiteMap;
import crawlercommons.sitemaps.SiteMap;
import crawlercommons.sitemaps.SiteMapIndex;
import crawlercommons.sitemaps.SiteMapParser;
import crawlercommons.sitemaps.SiteMapURL;
import crawlercommons.sitemaps.UnknownFormatException;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** robots.txt {@code Sitemap:} lines and sitemaps (plain, gzip'd, indexes), via crawler-commons. */
public final class SiteMaps {
    public static final String ROBOTS_PATH = "/robots.txt";
    public static final String DEFAULT_SITEMAP_PATH = "/sitemap.xml";

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

    /** Page URLs and nested sitemap URLs in a sitemap; empty for a body that is not a sitemap. */
    public static List<String> urlsInSitemap(byte[] body, String contentType, String sitemapUrl) {
        List<String> out = new ArrayList<>();
        try {
            SiteMapParser parser = new SiteMapParser(false);
            AbstractSiteMap sm = parser.parseSiteMap(contentType == null ? "application/xml" : contentType,
                    body, new URL(sitemapUrl));
            if (sm.isIndex()) {
                for (AbstractSiteMap child : ((SiteMapIndex) sm).getSitemaps()) {
                    out.add(child.getUrl().toString());
                }
            } else {
                for (SiteMapURL u : ((SiteMap) sm).getSiteMapUrls()) {
                    out.add(u.getUrl().toString());
                }
            }
        } catch (UnknownFormatException | IOException | RuntimeException e) {
            // Not a sitemap, or a broken one: it is still backed up as a file, just not read for URLs.
            return out;
        }
        return out;
    }
}
