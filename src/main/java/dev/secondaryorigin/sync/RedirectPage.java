package dev.secondaryorigin.sync;

import dev.secondaryorigin.store.ObjectMeta;

import java.nio.charset.StandardCharsets;

/**
 * The small HTML page that stands in for a redirect on static hosting, as static site generators publish
 * aliases: meta refresh 0, {@code location.replace} (keeping the fragment), {@code <link rel="canonical">} and a
 * visible link. Its bytes depend only on the target path, so an unchanged redirect is never rewritten; it links
 * root-relative, so it works under whatever scheme and host the CDN serves.
 */
final class RedirectPage {
    static final String CONTENT_TYPE = "text/html; charset=utf-8";
    /** Short, so a CDN does not keep serving the page long after the origin changed its mind. */
    static final String CACHE_CONTROL = "max-age=60";
    /** User metadata naming the page's target, for people looking at the bucket. */
    static final String REDIRECT_TO = "redirect-to";

    private RedirectPage() {
    }

    /** The page for a canonical, percent-encoded site path (so it holds no quote, angle bracket or backslash). */
    static byte[] render(String targetPath) {
        String attr = targetPath.replace("&", "&amp;");
        String js = targetPath.replace("\\", "\\\\").replace("\"", "\\\"");
        return ("<!doctype html>\n<html><head><meta charset=\"utf-8\">\n"
                + "<title>Redirecting to " + attr + "</title>\n"
                + "<link rel=\"canonical\" href=\"" + attr + "\">\n"
                + "<meta name=\"robots\" content=\"noindex\">\n"
                + "<meta http-equiv=\"refresh\" content=\"0; url=" + attr + "\">\n"
                + "<script>location.replace(\"" + js + "\" + location.hash)</script>\n"
                + "</head><body><p>This page has moved to <a href=\"" + attr + "\">" + attr + "</a>.</p></body></html>\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Headers and metadata of the page for the redirect from {@code sourceUrl} to {@code targetPath}. */
    static ObjectMeta meta(String sourceUrl, String targetPath) {
        return ObjectMeta.builder().contentType(CONTENT_TYPE).cacheControl(CACHE_CONTROL)
                .userMeta(ObjectMeta.SOURCE_URL, sourceUrl).userMeta(REDIRECT_TO, targetPath).build();
    }

    /** The hash of the kept headers a page is stored with, as the manifest records it for any object. */
    static int headersHash() {
        return meta("", "").httpHeaders().hashCode();
    }
}
