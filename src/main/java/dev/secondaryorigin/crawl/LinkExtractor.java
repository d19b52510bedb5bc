package dev.secondaryorigin.crawl;

import org.jsoup.Jsoup;
import org.jsoup.internal.StringUtil;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the URLs a page needs or points to: everything a browser would load or a visitor could
 * follow from HTML, CSS and SVG. Returns absolute URLs, resolved against the document (and its
 * {@code <base href>}); skips mailto:, tel:, javascript:, data: and bare fragments.
 */
public final class LinkExtractor {
    private static final Pattern CSS_URL = Pattern.compile(
            "url\\(\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|'((?:[^'\\\\]|\\\\.)*)'|((?:[^)\"'\\s\\\\]|\\\\.)*))\\s*\\)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CSS_IMPORT = Pattern.compile(
            "@import\\s+(?:\"((?:[^\"\\\\]|\\\\.)*)\"|'((?:[^'\\\\]|\\\\.)*)')", Pattern.CASE_INSENSITIVE);
    private static final Pattern CSS_IMAGE_SET = Pattern.compile(
            "image-set\\(([^)]*)\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"|'([^']*)'");
    private static final Pattern CSS_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern REFRESH_URL = Pattern.compile("url\\s*=\\s*['\"]?([^'\"]+)", Pattern.CASE_INSENSITIVE);

    private static final String[][] URL_ATTRS = {
            {"a", "href"}, {"area", "href"}, {"link", "href"}, {"script", "src"}, {"img", "src"},
            {"img", "data-src"}, {"iframe", "src"}, {"frame", "src"}, {"embed", "src"}, {"source", "src"},
            {"track", "src"}, {"audio", "src"}, {"video", "src"}, {"video", "poster"}, {"object", "data"},
            {"body", "background"}, {"table", "background"}, {"td", "background"}, {"th", "background"},
            {"blockquote", "cite"}, {"q", "cite"}, {"ins", "cite"}, {"del", "cite"},
    };
    private static final String[][] SRCSET_ATTRS = {
            {"img", "srcset"}, {"img", "data-srcset"}, {"source", "srcset"}, {"link", "imagesrcset"},
    };

    private LinkExtractor() {
    }

    /** Links in a response body, chosen by its content type (or the path's extension). */
    public static List<String> extract(byte[] body, String contentType, String path, String baseUrl) {
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        String p = path.toLowerCase(Locale.ROOT);
        if (ct.startsWith("image/svg") || (ct.isEmpty() && p.endsWith(".svg"))) {
            return fromSvg(body, baseUrl);
        }
        if (ct.startsWith("text/css") || (ct.isEmpty() && p.endsWith(".css"))) {
            return fromCss(new String(body, charset(contentType)), baseUrl);
        }
        return fromHtml(body, contentType, baseUrl);
    }

    public static List<String> fromHtml(byte[] body, String contentType, String baseUrl) {
        Document doc;
        try {
            String cs = charsetName(contentType);
            doc = Jsoup.parse(new ByteArrayInputStream(body), cs, baseUrl);
        } catch (IOException | IllegalArgumentException e) {
            doc = Jsoup.parse(new String(body, StandardCharsets.UTF_8), baseUrl);
        }
        return fromDocument(doc);
    }

    static List<String> fromDocument(Document doc) {
        Set<String> out = new LinkedHashSet<>();
        for (String[] ta : URL_ATTRS) {
            for (Element e : doc.getElementsByTag(ta[0])) {
                if (e.hasAttr(ta[1])) {
                    add(out, e.absUrl(ta[1]));
                }
            }
        }
        for (Element e : doc.select("input[type=image][src]")) {
            add(out, e.absUrl("src"));
        }
        for (String[] ta : SRCSET_ATTRS) {
            for (Element e : doc.getElementsByTag(ta[0])) {
                if (e.hasAttr(ta[1])) {
                    for (String candidate : srcsetUrls(e.attr(ta[1]))) {
                        add(out, StringUtil.resolve(e.baseUri(), candidate));
                    }
                }
            }
        }
        for (Element e : doc.select("meta[http-equiv]")) {
            if (e.attr("http-equiv").equalsIgnoreCase("refresh")) {
                Matcher m = REFRESH_URL.matcher(e.attr("content"));
                if (m.find()) {
                    add(out, StringUtil.resolve(e.baseUri(), m.group(1).trim()));
                }
            }
        }
        svgLinks(doc, out);
        for (Element e : doc.getElementsByTag("style")) {
            for (String u : cssUrls(e.data())) {
                add(out, StringUtil.resolve(e.baseUri(), u));
            }
        }
        for (Element e : doc.getElementsByAttribute("style")) {
            for (String u : cssUrls(e.attr("style"))) {
                add(out, StringUtil.resolve(e.baseUri(), u));
            }
        }
        return new ArrayList<>(out);
    }

    /** SVG {@code <use>}, {@code <image>}, {@code <a>} and friends, inline in HTML or in .svg files. */
    private static void svgLinks(Element root, Set<String> out) {
        for (Element e : root.getAllElements()) {
            String tag = e.normalName();
            if (!(tag.equals("use") || tag.equals("image") || tag.equals("feimage") || tag.equals("a")
                    || tag.equals("script") || tag.equals("pattern") || tag.equals("lineargradient")
                    || tag.equals("radialgradient") || tag.equals("textpath") || tag.equals("mpath"))) {
                continue;
            }
            for (Attribute a : e.attributes()) {
                String k = a.getKey().toLowerCase(Locale.ROOT);
                if (k.equals("href") || k.equals("xlink:href")) {
                    add(out, StringUtil.resolve(e.baseUri(), a.getValue()));
                }
            }
        }
    }

    public static List<String> fromSvg(byte[] body, String baseUrl) {
        Document doc = Jsoup.parse(new String(body, StandardCharsets.UTF_8), baseUrl, Parser.xmlParser());
        Set<String> out = new LinkedHashSet<>();
        svgLinks(doc, out);
        for (Element e : doc.getElementsByTag("style")) {
            for (String u : cssUrls(e.data().isEmpty() ? e.text() : e.data())) {
                add(out, StringUtil.resolve(baseUrl, u));
            }
        }
        for (Element e : doc.getElementsByAttribute("style")) {
            for (String u : cssUrls(e.attr("style"))) {
                add(out, StringUtil.resolve(baseUrl, u));
            }
        }
        return new ArrayList<>(out);
    }

    public static List<String> fromCss(String css, String baseUrl) {
        Set<String> out = new LinkedHashSet<>();
        for (String u : cssUrls(css)) {
            add(out, StringUtil.resolve(baseUrl, u));
        }
        return new ArrayList<>(out);
    }

    /** Raw (unresolved) URLs in CSS text: url() in every quoting style, @import strings, image-set(). */
    static List<String> cssUrls(String css) {
        String text = CSS_COMMENT.matcher(css).replaceAll(" ");
        List<String> urls = new ArrayList<>();
        Matcher m = CSS_URL.matcher(text);
        while (m.find()) {
            String u = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            urls.add(unescapeCss(u.trim()));
        }
        m = CSS_IMPORT.matcher(text);
        while (m.find()) {
            urls.add(unescapeCss(m.group(1) != null ? m.group(1) : m.group(2)));
        }
        m = CSS_IMAGE_SET.matcher(text);
        while (m.find()) {
            Matcher q = QUOTED.matcher(m.group(1));
            while (q.find()) {
                urls.add(unescapeCss(q.group(1) != null ? q.group(1) : q.group(2)));
            }
        }
        return urls;
    }

    private static String unescapeCss(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                int j = i + 1;
                int hexEnd = j;
                while (hexEnd < s.length() && hexEnd - j < 6 && Character.digit(s.charAt(hexEnd), 16) >= 0) {
                    hexEnd++;
                }
                if (hexEnd > j) {
                    b.appendCodePoint(Integer.parseInt(s.substring(j, hexEnd), 16));
                    i = hexEnd - 1;
                    if (i + 1 < s.length() && s.charAt(i + 1) == ' ') {
                        i++;
                    }
                } else {
                    b.append(s.charAt(j));
                    i = j;
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Every candidate URL of a srcset attribute (URLs may contain commas; descriptors follow spaces). */
    static List<String> srcsetUrls(String srcset) {
        List<String> urls = new ArrayList<>();
        int i = 0;
        int n = srcset.length();
        while (i < n) {
            while (i < n && (Character.isWhitespace(srcset.charAt(i)) || srcset.charAt(i) == ',')) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(srcset.charAt(i))) {
                i++;
            }
            String url = srcset.substring(start, i);
            boolean hadDescriptor = true;
            if (url.endsWith(",")) {
                url = url.replaceAll(",+$", "");
                hadDescriptor = false;
            }
            if (!url.isEmpty()) {
                urls.add(url);
            }
            if (hadDescriptor) {
                int paren = 0;
                while (i < n) {
                    char c = srcset.charAt(i);
                    if (c == '(') {
                        paren++;
                    } else if (c == ')') {
                        paren--;
                    } else if (c == ',' && paren <= 0) {
                        break;
                    }
                    i++;
                }
            }
        }
        return urls;
    }

    private static void add(Set<String> out, String abs) {
        if (abs == null || abs.isEmpty()) {
            return;
        }
        String lower = abs.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            int hash = abs.indexOf('#');
            out.add(hash >= 0 ? abs.substring(0, hash) : abs);
        }
    }

    private static String charsetName(String contentType) {
        if (contentType != null) {
            Matcher m = Pattern.compile("charset=\"?([\\w.:-]+)", Pattern.CASE_INSENSITIVE).matcher(contentType);
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    private static java.nio.charset.Charset charset(String contentType) {
        String name = charsetName(contentType);
        try {
            return name == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(name);
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
