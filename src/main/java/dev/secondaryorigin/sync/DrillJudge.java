package dev.secondaryorigin.sync;

import dev.secondaryorigin.crawl.UrlKeys;
import dev.secondaryorigin.crawl.UrlResolver;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares what the HTTP base answered with what the origin served at the last pass. A stored URL must answer
 * 200 with the same bytes and Content-Type. A redirect source (or a {@code /dir} form) is ready when it answers
 * a 30x to the target, a 200 page that sends the visitor there (meta refresh or canonical link), or a 200 with
 * the target's bytes. Pure.
 */
final class DrillJudge {
    private static final Pattern REFRESH_URL = Pattern.compile("(?i)^\\s*\\d*(?:\\.\\d*)?\\s*[;,]\\s*url\\s*=\\s*['\"]?([^'\"]+)");

    private DrillJudge() {
    }

    /** {@code requestUrl}: the absolute URL requested, to resolve relative Locations and links. */
    static DrillOutcome judge(DrillProbe p, String requestUrl, DrillAnswer a) {
        int s = a.status;
        boolean redirectLike = !p.targets().isEmpty();
        if (s >= 300 && s < 400 && s != 304) {
            if (!redirectLike) {
                return DrillOutcome.missed(p, s, DrillMiss.WRONG_STATUS, "answered " + s + " to " + a.location
                        + "; the origin served the object");
            }
            if (a.location != null && DrillTargets.matches(p.targets(), requestUrl, a.location)) {
                return DrillOutcome.ready(p, s);
            }
            return DrillOutcome.missed(p, s, DrillMiss.WRONG_REDIRECT, "answered " + s + " to " + a.location
                    + "; the origin sent visitors to " + describeTargets(p));
        }
        if (s != 200) {
            DrillMiss m = s == 404 || s == 410 ? DrillMiss.NOT_FOUND : s == 403 ? DrillMiss.DENIED
                    : s >= 500 ? DrillMiss.SERVER_ERROR : DrillMiss.WRONG_STATUS;
            String denied = s == 403 ? " (access denied: a CDN reads an OSS origin anonymously, so the bucket must be "
                    + "public-read, or attached with --private-bucket and drilled through an edge)" : "";
            return DrillOutcome.missed(p, s, m, "answered " + s + denied + (p.known() ? "; the origin served "
                    + (redirectLike ? "a redirect to " + describeTargets(p) + offSiteHint(p) : "it with 200") : ""));
        }
        if (!p.known()) {
            return DrillOutcome.ready(p, s);
        }
        String md5 = a.md5.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> body : p.bodies().entrySet()) {
            if (body.getKey().equalsIgnoreCase(md5)) {
                if (body.getValue() != null && !sameType(body.getValue(), a.contentType)) {
                    return DrillOutcome.missed(p, s, DrillMiss.WRONG_TYPE, "Content-Type \"" + a.contentType
                            + "\"; the origin served \"" + body.getValue() + "\"");
                }
                return DrillOutcome.ready(p, s);
            }
        }
        if (redirectLike) {
            List<String> sends = pageTargets(requestUrl, a);
            for (String t : sends) {
                if (DrillTargets.matches(p.targets(), requestUrl, t)) {
                    return DrillOutcome.ready(p, s);
                }
            }
            return DrillOutcome.missed(p, s, DrillMiss.WRONG_REDIRECT, "answered 200 with " + a.size + " bytes that "
                    + (sends.isEmpty() ? "send the visitor nowhere" : "send the visitor to " + sends)
                    + "; the origin sent visitors to " + describeTargets(p));
        }
        return DrillOutcome.missed(p, s, DrillMiss.WRONG_BYTES, "answered 200 with " + a.size
                + " bytes (MD5 " + md5 + ") that differ from what the origin served");
    }

    /** The URLs a redirect page sends its visitor to: meta refresh and canonical link, resolved. */
    static List<String> pageTargets(String requestUrl, DrillAnswer a) {
        List<String> out = new ArrayList<>();
        if (a.contentType == null || !a.contentType.toLowerCase(Locale.ROOT).contains("html")) {
            return out;
        }
        Document d = Jsoup.parse(new String(a.head, StandardCharsets.UTF_8), requestUrl);
        for (Element m : d.select("meta[http-equiv]")) {
            if (m.attr("http-equiv").trim().equalsIgnoreCase("refresh")) {
                Matcher x = REFRESH_URL.matcher(m.attr("content"));
                if (x.find()) {
                    add(out, resolve(requestUrl, x.group(1).trim()));
                }
            }
        }
        for (Element l : d.select("link[rel][href]")) {
            for (String rel : l.attr("rel").toLowerCase(Locale.ROOT).split("\\s+")) {
                if (rel.equals("canonical")) {
                    add(out, resolve(requestUrl, l.attr("href").trim()));
                }
            }
        }
        return out;
    }

    private static void add(List<String> out, String url) {
        if (url != null && !url.isEmpty() && !out.contains(url)) {
            out.add(url);
        }
    }

    /** Content-Types compared as a browser reads them: case and spaces around parameters do not matter. */
    static boolean sameType(String want, String got) {
        return got != null && normalize(want).equals(normalize(got));
    }

    private static String normalize(String t) {
        return t.toLowerCase(Locale.ROOT).replaceAll("\\s*;\\s*", ";").replace("\"", "").trim();
    }

    /** What makes a redirect to another host servable: the backup follows only the site's own host names. */
    private static String offSiteHint(DrillProbe p) {
        for (String t : p.targets()) {
            if (t.contains("://")) {
                return " (another host: `sync --extra-host` names the hosts whose redirects the backup answers)";
            }
        }
        return "";
    }

    /** The targets as paths a person recognises ({@code /s1/} for key {@code s1/index.html}). */
    private static String describeTargets(DrillProbe p) {
        List<String> shown = new ArrayList<>();
        for (String t : p.targets()) {
            shown.add(t.contains("://") ? t : "/" + (t.equals(UrlKeys.INDEX) || t.endsWith("/" + UrlKeys.INDEX)
                    ? t.substring(0, t.length() - UrlKeys.INDEX.length()) : t));
        }
        return shown.size() == 1 ? shown.get(0) : shown.toString();
    }

    static String resolve(String base, String ref) {
        return UrlResolver.resolve(base, ref);
    }
}
