package dev.secondaryorigin.crawl;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.parser.Parser;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds the URLs a page needs or points to: everything a browser would load or a visitor could
 * follow from HTML, CSS and SVG. Returns absolute URLs, resolved against the document (and its
 * {@code <base href>}); skips mailto:, tel:, javascript:, data: and bare fragments. With
 * {@link Limits#withScriptLinks}, also the files scripts may load: string literals of JavaScript and JSON
 * documents, inline scripts and template/noscript attribute values that name files ({@link ScriptStrings},
 * {@link ScriptUrls}), kept apart as {@link ExtractedLinks#speculative()}.
 *
 * <p><b>No document can stop a pass.</b> Reading one document is bounded by {@link Limits}:
 * <ul>
 * <li>a body above {@link Limits#maxBytes()} ({@link #MAX_PARSE_BYTES}, 16 MiB) is not read at all
 * ({@link ExtractedLinks#TOO_LARGE});</li>
 * <li>reading stops once {@link Limits#timeBudgetMillis()} ({@link #TIME_BUDGET_MILLIS}) has passed,
 * during parsing or the walk ({@link ExtractedLinks#TOO_SLOW});</li>
 * <li>reading stops at {@link Limits#maxLinks()} ({@link #MAX_LINKS}) distinct links
 * ({@link ExtractedLinks#TOO_MANY_LINKS});</li>
 * <li>any other failure of the parser (including a {@link StackOverflowError}) ends reading with
 * {@link ExtractedLinks#PARSE_ERROR}; only {@link OutOfMemoryError} and other {@link Error}s escape.</li>
 * </ul>
 * {@link #extractLinks} reports which limit stopped it, with the links found until then; the document is
 * still a valid file to back up. Nothing here recurses with the input: CSS is read by a linear scanner
 * ({@link CssUrlScanner}), jsoup's parsers keep an explicit element stack, and the tree is walked by
 * jsoup's iterative {@link NodeTraversor}.
 *
 * <p><b>HTML without a tree.</b> Building jsoup's tree was a fifth of a first pass's CPU. When the charset is
 * known to be ASCII-compatible (the Content-Type's, or UTF-8 by {@link Utf8Prescan} or a UTF-8 byte-order
 * mark), {@link HtmlLinkScanner} reads the bytes in one pass through jsoup's tokenizer states, decoding only
 * the attribute values and style/script text the link rules read, and {@link HtmlTreeShape} follows the part
 * of tree construction that decides which tags become elements. Both readers hand the same {@link HtmlTag}s
 * (name, attributes, data) in the walk's order to one set of rules, and the first {@code <base href>} applies
 * to every link, as jsoup's {@code doc.baseUri()} does. Where the scanner cannot be sure to see what jsoup
 * sees (inline svg or math, template, frameset, an element fostered out of a table, attributes merged
 * onto html or body, noscript when scripts are read, other charsets or byte-order marks), jsoup's tree reads
 * the document. {@code HtmlLinkScannerDifferentialTest} holds the two readers to identical results. SVG is read with jsoup's XML parser, which never expands DTD
 * entities (neither internal ones, so no "billion laughs", nor external ones, so no file or network read).
 * Malformed bytes and unknown or illegal charsets in the Content-Type are decoded leniently (UTF-8 with
 * replacement characters), never thrown.
 */
public final class LinkExtractor {
    /** Bodies larger than this are not read for links (the engine still stores them). */
    public static final int MAX_PARSE_BYTES = 16 << 20;
    /** Distinct links kept from one document. */
    public static final int MAX_LINKS = 100_000;
    /** Wall-clock time one document may take to read; linear work on 16 MiB takes a few seconds. */
    public static final long TIME_BUDGET_MILLIS = 30_000;

    /** The bounds on reading one document. */
    public static final class Limits {
        public static final Limits DEFAULT = new Limits(MAX_PARSE_BYTES, MAX_LINKS, TIME_BUDGET_MILLIS);

        private final long maxBytes;
        private final int maxLinks;
        private final long timeBudgetMillis;
        private final int maxScriptLinks;

        public Limits(long maxBytes, int maxLinks, long timeBudgetMillis) {
            this(maxBytes, maxLinks, timeBudgetMillis, 0);
        }

        private Limits(long maxBytes, int maxLinks, long timeBudgetMillis, int maxScriptLinks) {
            if (maxBytes < 0 || maxLinks < 0 || timeBudgetMillis < 0 || maxScriptLinks < 0) {
                throw new IllegalArgumentException("limits must not be negative");
            }
            this.maxBytes = maxBytes;
            this.maxLinks = maxLinks;
            this.timeBudgetMillis = timeBudgetMillis;
            this.maxScriptLinks = maxScriptLinks;
        }

        /**
         * These limits, also reading scripts, JSON and template markup for up to {@code n} speculative URLs
         * ({@link ExtractedLinks#speculative()}); 0 = not at all.
         */
        public Limits withScriptLinks(int n) {
            return new Limits(maxBytes, maxLinks, timeBudgetMillis, n);
        }

        /** Speculative URLs kept from one document; 0 when scripts are not read. */
        public int maxScriptLinks() {
            return maxScriptLinks;
        }

        public long maxBytes() {
            return maxBytes;
        }

        public int maxLinks() {
            return maxLinks;
        }

        public long timeBudgetMillis() {
            return timeBudgetMillis;
        }
    }

    /** Attribute → the elements on which it holds a URL (HTML and inline SVG). */
    private static final Map<String, Set<String>> URL_ATTRS = new HashMap<>();
    /** Attribute → the elements on which it holds a srcset list. */
    private static final Map<String, Set<String>> SRCSET_ATTRS = new HashMap<>();
    private static final Set<String> SVG_LINKING = tags("use", "image", "feimage", "a", "script", "pattern",
            "lineargradient", "radialgradient", "textpath", "mpath");

    static {
        URL_ATTRS.put("href", tags("a", "area", "link", "use", "image", "feimage", "pattern", "lineargradient",
                "radialgradient", "textpath", "mpath"));
        URL_ATTRS.put("xlink:href", SVG_LINKING);
        URL_ATTRS.put("src", tags("script", "img", "iframe", "frame", "embed", "source", "track", "audio", "video",
                "input"));
        URL_ATTRS.put("data-src", tags("img"));
        URL_ATTRS.put("poster", tags("video"));
        URL_ATTRS.put("data", tags("object"));
        URL_ATTRS.put("background", tags("body", "table", "td", "th"));
        URL_ATTRS.put("cite", tags("blockquote", "q", "ins", "del"));
        SRCSET_ATTRS.put("srcset", tags("img", "source"));
        SRCSET_ATTRS.put("data-srcset", tags("img", "source"));
        SRCSET_ATTRS.put("imagesrcset", tags("link"));
    }

    private static Set<String> tags(String... names) {
        return new HashSet<>(Arrays.asList(names));
    }

    private LinkExtractor() {
    }

    /**
     * Links in a response body, chosen by its content type (or the path's extension), within
     * {@link Limits#DEFAULT}. Never throws for a hostile or broken document: see the class comment.
     */
    public static ExtractedLinks extractLinks(byte[] body, String contentType, String path, String baseUrl) {
        return extractLinks(body, contentType, path, baseUrl, Limits.DEFAULT);
    }

    /** {@link #extractLinks(byte[], String, String, String)} within the given limits. */
    public static ExtractedLinks extractLinks(byte[] body, String contentType, String path, String baseUrl,
                                              Limits limits) {
        if (body.length > limits.maxBytes()) {
            return new ExtractedLinks(Collections.emptyList(), ExtractedLinks.TOO_LARGE,
                    body.length + " bytes, above the " + limits.maxBytes() + "-byte parse limit");
        }
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        String p = path.toLowerCase(Locale.ROOT);
        Links out = new Links(new ParseBudget(limits.timeBudgetMillis(), limits.maxLinks()), limits.maxScriptLinks());
        return out.run(() -> {
            if (out.maxSpeculative > 0 && readsScript(contentType, path)) {
                script(new String(body, charset(contentType)), baseUrl, out);
            } else if (ct.startsWith("image/svg") || (ct.isEmpty() && p.endsWith(".svg"))) {
                svg(body, contentType, baseUrl, out);
            } else if (ct.startsWith("text/css") || (ct.isEmpty() && p.endsWith(".css"))) {
                css(new String(body, charset(contentType)), baseUrl, out);
            } else {
                html(body, contentType, baseUrl, out);
            }
        });
    }

    /**
     * True for JavaScript and JSON documents (by Content-Type, or by extension when the type says nothing),
     * whose string literals {@link Limits#withScriptLinks} reads. Source maps are not read: the sources they
     * list are not served.
     */
    public static boolean readsScript(String contentType, String path) {
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        int semi = ct.indexOf(';');
        if (semi >= 0) {
            ct = ct.substring(0, semi).trim();
        }
        String p = path.toLowerCase(Locale.ROOT);
        if (p.endsWith(".map")) {
            return false;
        }
        if (ct.contains("javascript") || ct.contains("ecmascript") || ct.equals("application/json")
                || ct.endsWith("+json") || ct.equals("text/json")) {
            return true;
        }
        boolean untyped = ct.isEmpty() || ct.equals("application/octet-stream") || ct.equals("text/plain");
        return untyped && (p.endsWith(".js") || p.endsWith(".mjs") || p.endsWith(".cjs") || p.endsWith(".json")
                || p.endsWith(".webmanifest"));
    }

    /**
     * The links of {@link #extractLinks(byte[], String, String, String)}, without saying whether reading
     * stopped early (prefer {@code extractLinks}, so the reason can be counted).
     */
    public static List<String> extract(byte[] body, String contentType, String path, String baseUrl) {
        return extractLinks(body, contentType, path, baseUrl).urls();
    }

    public static List<String> fromHtml(byte[] body, String contentType, String baseUrl) {
        Links out = new Links(defaultBudget(), 0);
        return out.run(() -> html(body, contentType, baseUrl, out)).urls();
    }

    public static List<String> fromSvg(byte[] body, String baseUrl) {
        Links out = new Links(defaultBudget(), 0);
        return out.run(() -> svg(body, null, baseUrl, out)).urls();
    }

    public static List<String> fromCss(String css, String baseUrl) {
        Links out = new Links(defaultBudget(), 0);
        return out.run(() -> css(css, baseUrl, out)).urls();
    }

    private static ParseBudget defaultBudget() {
        return new ParseBudget(TIME_BUDGET_MILLIS, MAX_LINKS);
    }

    /** Which reader finds the links of an HTML document. */
    enum HtmlReader {
        /** {@link HtmlLinkScanner} where it is sure to see what jsoup sees, else jsoup. */
        SCANNER_WHERE_SURE,
        /** Always jsoup's tree (the reference the scanner is tested against). */
        JSOUP
    }

    /** {@link #extractLinks(byte[], String, String, String, Limits)} with a chosen HTML reader. */
    static ExtractedLinks extractLinks(byte[] body, String contentType, String path, String baseUrl, Limits limits,
                                       HtmlReader reader) {
        if (reader == HtmlReader.SCANNER_WHERE_SURE) {
            return extractLinks(body, contentType, path, baseUrl, limits);
        }
        Links out = new Links(new ParseBudget(limits.timeBudgetMillis(), limits.maxLinks()), limits.maxScriptLinks());
        return out.run(() -> htmlWithJsoup(body, knownCharset(body, contentType), baseUrl, out));
    }

    private static void html(byte[] body, String contentType, String baseUrl, Links out) {
        // Decided once for both readers: a page the scanner hands to jsoup is not prescanned again.
        String charset = knownCharset(body, contentType);
        HtmlLinkScanner.Result scanned = scanIn(body, charset, baseUrl, out.maxSpeculative > 0, out.budget);
        if (scanned == null) {
            htmlWithJsoup(body, charset, baseUrl, out);
            return;
        }
        for (HtmlTag tag : scanned.tags) {
            out.budget.tick();
            out.inert = tag.inert ? 1 : 0;
            htmlElement(tag, scanned.base, out);
        }
        out.inert = 0;
    }

    /**
     * The scanner's reading of an HTML document, or null when jsoup must read it: a charset that is not known
     * to be ASCII-compatible (UTF-16 or UTF-32 byte-order marks, ISO-2022, UTF-7, anything unknown), or
     * markup whose tree the scanner does not follow.
     */
    static HtmlLinkScanner.Result scan(byte[] body, String contentType, String baseUrl, boolean readsScripts,
                                       ParseBudget budget) {
        return scanIn(body, knownCharset(body, contentType), baseUrl, readsScripts, budget);
    }

    /** {@link #scan} of a document whose {@link #knownCharset} is {@code charset}. */
    private static HtmlLinkScanner.Result scanIn(byte[] body, String charset, String baseUrl, boolean readsScripts,
                                                 ParseBudget budget) {
        if (body.length >= 1 << 30) {
            return null;
        }
        int start = 0;
        Charset cs;
        if (body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf) {
            start = 3; // jsoup reads UTF-8 after a UTF-8 byte-order mark, whatever the Content-Type says
            cs = StandardCharsets.UTF_8;
        } else if (body.length >= 2 && ((body[0] & 0xff) == 0xfe && (body[1] & 0xff) == 0xff
                || (body[0] & 0xff) == 0xff && (body[1] & 0xff) == 0xfe
                || body.length >= 4 && body[0] == 0 && body[1] == 0 && (body[2] & 0xff) == 0xfe)) {
            return null;
        } else if (charset != null) {
            cs = Charset.forName(charset);
        } else {
            return null;
        }
        if (!asciiCompatible(cs)) {
            return null;
        }
        return HtmlLinkScanner.scan(body, start, cs, baseUrl, readsScripts, budget);
    }

    /** Charsets in which every ASCII byte stands for its ASCII character, and no other byte does. */
    private static boolean asciiCompatible(Charset cs) {
        String n = cs.name();
        return n.equals("UTF-8") || n.equals("US-ASCII") || n.startsWith("ISO-8859-")
                || n.startsWith("windows-125");
    }

    private static void htmlWithJsoup(byte[] body, String charset, String baseUrl, Links out) {
        Document doc = parse(body, charset, baseUrl, Parser.htmlParser(), out.budget);
        String base = doc.baseUri();
        boolean scripts = out.maxSpeculative > 0;
        // jsoup's NodeTraversor walks by parent/sibling pointers, with no recursion: 100 000 nested
        // elements cost no stack.
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                out.budget.tick();
                if (node instanceof Element) {
                    Element e = (Element) node;
                    if (scripts && INERT.contains(e.normalName())) {
                        out.inert++;
                    }
                    htmlElement(HtmlTag.of(e, scripts), base, out);
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (out.inert > 0 && node instanceof Element && INERT.contains(((Element) node).normalName())) {
                    out.inert--;
                }
            }
        }, doc);
    }

    /**
     * Elements whose content a browser does not load as it stands: a template's markup is cloned by script
     * (often with placeholders), a noscript's only without script. Their other attribute values (data-*)
     * are read like script strings.
     */
    private static final Set<String> INERT = tags("template", "noscript");
    /** {@code <script type>}s whose text is JavaScript or JSON. */
    private static final Set<String> SCRIPT_TYPES = tags("", "text/javascript", "application/javascript", "module",
            "application/json", "importmap", "application/ld+json", "speculationrules", "text/ecmascript",
            "application/ecmascript");

    private static void htmlElement(HtmlTag e, String base, Links out) {
        String tag = e.name;
        if (tag.equals("style")) {
            css(e.data, base, out);
        }
        if (out.maxSpeculative > 0 && tag.equals("script") && !e.hasAttr("src")
                && SCRIPT_TYPES.contains(e.attr("type").trim().toLowerCase(Locale.ROOT))) {
            script(e.data, base, out);
        }
        for (int i = 0; i < e.size(); i++) {
            String k = e.key(i).toLowerCase(Locale.ROOT);
            String v = e.value(i);
            Set<String> on = URL_ATTRS.get(k);
            if (on != null && on.contains(tag)) {
                if (!tag.equals("input") || e.attr("type").equalsIgnoreCase("image")) {
                    out.add(base, v);
                }
                continue;
            }
            if (out.inert > 0 && !k.equals("style")) {
                out.speculative(v, null, base);
            }
            on = SRCSET_ATTRS.get(k);
            if (on != null && on.contains(tag)) {
                for (String candidate : srcsetUrls(v)) {
                    out.add(base, candidate);
                }
            } else if (k.equals("style")) {
                css(v, base, out);
            } else if (k.equals("content") && tag.equals("meta") && e.attr("http-equiv").equalsIgnoreCase("refresh")) {
                String u = refreshUrl(v);
                if (u != null) {
                    out.add(base, u);
                }
            }
        }
    }

    /** The attribute names {@link #htmlElement} reads (besides template values), by lower-case name. */
    private static final Map<String, String> LINK_ATTRIBUTES = new HashMap<>();

    static {
        for (String k : Arrays.asList("href", "xlink:href", "src", "data-src", "poster", "data", "background", "cite",
                "srcset", "data-srcset", "imagesrcset", "style", "content", "http-equiv", "type")) {
            LINK_ATTRIBUTES.put(k, k);
        }
    }

    /** The lower-case attribute name {@link #htmlElement} may read, for ASCII bytes {@code [s, e)}; else null. */
    static String linkAttribute(byte[] b, int s, int e) {
        int len = e - s;
        if (len < 3 || len > 11) {
            return null;
        }
        return LINK_ATTRIBUTES.get(HtmlLinkScanner.lowerAscii(b, s, e));
    }

    /** The same for an already lower-cased name. */
    static String linkAttribute(String lowerCase) {
        return LINK_ATTRIBUTES.get(lowerCase);
    }

    /**
     * True when {@link #htmlElement} reads attribute {@code key} of element {@code tag} outside template and
     * noscript content (plus a base element's href).
     */
    static boolean readsAttribute(String tag, String key) {
        Set<String> on = URL_ATTRS.get(key);
        if (on == null) {
            on = SRCSET_ATTRS.get(key);
        }
        if (on != null && on.contains(tag)) {
            return true;
        }
        switch (key) {
            case "style":
                return true;
            case "content":
            case "http-equiv":
                return tag.equals("meta");
            case "type":
                return tag.equals("input") || tag.equals("script");
            case "href":
                return tag.equals("base");
            default:
                return false;
        }
    }

    /**
     * SVG {@code <use>}, {@code <image>}, {@code <a>} and friends, {@code <style>} elements and style
     * attributes. jsoup's XML parser keeps a DOCTYPE as an inert node: entity references stay text.
     */
    private static void svg(byte[] body, String contentType, String baseUrl, Links out) {
        Document doc = parse(body, knownCharset(body, contentType), baseUrl, Parser.xmlParser(), out.budget);
        NodeTraversor.traverse((NodeVisitor) (node, depth) -> {
            out.budget.tick();
            if (!(node instanceof Element)) {
                return;
            }
            Element e = (Element) node;
            String tag = e.normalName();
            if (tag.equals("style")) {
                css(e.data().isEmpty() ? e.wholeText() : e.data(), baseUrl, out);
            }
            if (e.attributesSize() == 0) {
                return;
            }
            boolean linking = SVG_LINKING.contains(tag);
            for (Attribute a : e.attributes()) {
                String k = a.getKey().toLowerCase(Locale.ROOT);
                if (linking && (k.equals("href") || k.equals("xlink:href"))) {
                    out.add(baseUrl, a.getValue());
                } else if (k.equals("style")) {
                    css(a.getValue(), baseUrl, out);
                }
            }
        }, doc);
    }

    /** String literals of JavaScript or JSON text that name files: speculative URLs. */
    private static void script(String text, String documentUrl, Links out) {
        ScriptStrings.scan(text, (value, key) -> out.speculative(value, key, documentUrl), out.budget,
                ScriptUrls.MAX_CHARS);
    }

    private static void css(String css, String baseUrl, Links out) {
        CssUrlScanner.scan(css, raw -> out.add(baseUrl, raw), out.budget);
    }

    /**
     * The charset a document is read in unless a byte-order mark says otherwise: the Content-Type's when Java
     * knows it; else UTF-8 when {@link Utf8Prescan} tells jsoup's detection could only find that; else null, for
     * jsoup's detection (BOM, meta / XML declaration, UTF-8).
     */
    private static String knownCharset(byte[] body, String contentType) {
        String cs = charsetName(contentType);
        if (cs != null && !isSupported(cs)) {
            cs = null;
        }
        if (cs == null && Utf8Prescan.onlyUtf8(body)) {
            // jsoup's detection would settle on UTF-8 after parsing the start of the document a first time.
            cs = "UTF-8";
        }
        return cs;
    }

    /**
     * Parses with jsoup from a stream that checks the time budget at every read, so a parse that runs
     * too long stops (jsoup reads its input incrementally while it builds the tree), in {@code cs}
     * ({@link #knownCharset}; null: jsoup detects it).
     */
    private static Document parse(byte[] body, String cs, String baseUrl, Parser parser, ParseBudget budget) {
        try {
            return Jsoup.parse(new BudgetedInputStream(body, budget), cs, baseUrl, parser);
        } catch (IOException | IllegalArgumentException e) {
            // A charset jsoup could not use after all (e.g. an unknown one in a meta tag): plain UTF-8.
            try {
                return Jsoup.parse(new BudgetedInputStream(body, budget), "UTF-8", baseUrl, parser);
            } catch (IOException e2) {
                throw new java.io.UncheckedIOException(e2);
            }
        }
    }

    private static boolean isSupported(String charset) {
        try {
            return Charset.isSupported(charset);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The input jsoup reads, checking the time budget at every read. */
    private static final class BudgetedInputStream extends ByteArrayInputStream {
        private final ParseBudget budget;

        BudgetedInputStream(byte[] body, ParseBudget budget) {
            super(body);
            this.budget = budget;
        }

        @Override
        public synchronized int read() {
            budget.check();
            return super.read();
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            budget.check();
            return super.read(b, off, len);
        }

        @Override
        public int read(byte[] b) throws IOException {
            return read(b, 0, b.length);
        }

        @Override
        public synchronized byte[] readAllBytes() {
            budget.check();
            return super.readAllBytes();
        }

        @Override
        public int readNBytes(byte[] b, int off, int len) {
            budget.check();
            return super.readNBytes(b, off, len);
        }
    }

    /** Raw (unresolved) URLs in CSS text: url() in every quoting style, @import strings, image-set(). */
    static List<String> cssUrls(String css) {
        List<String> urls = new ArrayList<>();
        CssUrlScanner.scan(css, urls::add, ParseBudget.unlimited());
        return urls;
    }

    /** The URL of a {@code <meta http-equiv=refresh content="5; url=...">}, or null. */
    static String refreshUrl(String content) {
        int n = content.length();
        for (int i = content.indexOf(';'); i >= 0 && i < n; i = content.indexOf(';', i + 1)) {
            int j = i + 1;
            while (j < n && Character.isWhitespace(content.charAt(j))) {
                j++;
            }
            if (!content.regionMatches(true, j, "url", 0, 3)) {
                continue;
            }
            j += 3;
            while (j < n && Character.isWhitespace(content.charAt(j))) {
                j++;
            }
            if (j >= n || content.charAt(j) != '=') {
                continue;
            }
            j++;
            while (j < n && Character.isWhitespace(content.charAt(j))) {
                j++;
            }
            int end = n;
            if (j < n && (content.charAt(j) == '\'' || content.charAt(j) == '"')) {
                char q = content.charAt(j++);
                int close = content.indexOf(q, j);
                end = close < 0 ? n : close;
            }
            String u = content.substring(j, end).trim();
            return u.isEmpty() ? null : u;
        }
        return null;
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
            int end = i;
            boolean hadDescriptor = true;
            if (end > start && srcset.charAt(end - 1) == ',') {
                while (end > start && srcset.charAt(end - 1) == ',') {
                    end--;
                }
                hadDescriptor = false;
            }
            if (end > start) {
                urls.add(srcset.substring(start, end));
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

    /** The links found so far in one document, and its budget. */
    private static final class Links {
        final ParseBudget budget;
        final Set<String> found = new LinkedHashSet<>();
        final Set<String> speculative = new LinkedHashSet<>();
        final int maxSpeculative;
        /** How many template / noscript elements the walk is inside (counted only when scripts are read). */
        int inert;

        Links(ParseBudget budget, int maxSpeculative) {
            this.budget = budget;
            this.maxSpeculative = maxSpeculative;
        }

        /**
         * Keeps the URLs a script string (or a template attribute) stands for; false once the document's
         * allowance of speculative URLs is used up, which ends reading its scripts.
         */
        boolean speculative(String value, String key, String documentUrl) {
            for (String u : ScriptUrls.candidates(value, key, documentUrl)) {
                if (speculative.size() >= maxSpeculative) {
                    return false;
                }
                speculative.add(u);
            }
            return speculative.size() < maxSpeculative;
        }

        /** Resolves {@code raw} against {@code base} and keeps it when it is http(s). */
        void add(String base, String raw) {
            if (inert > 0 && (raw.indexOf('{') >= 0 || raw.indexOf('$') >= 0 || raw.indexOf('<') >= 0
                    || raw.indexOf('`') >= 0)) {
                // A template's placeholder ({{ src }}, ${src}, <%= src %>), filled in by script: not a URL.
                // Plain URLs of template and noscript markup stay links (a lazy-loading page's noscript
                // images are its images), unbounded by the speculative allowance.
                return;
            }
            String u = plain(base, raw);
            if (u != null && !found.contains(u)) {
                budget.beforeNewLink(found.size());
                found.add(u);
            }
        }

        /** {@code raw} resolved against {@code base}, without fragment, when it is http(s); else null. */
        private static String plain(String base, String raw) {
            String abs;
            try {
                abs = UrlResolver.resolve(base, raw);
            } catch (RuntimeException e) {
                return null; // a link no resolver can make sense of is no link
            }
            if (abs == null || abs.isEmpty()) {
                return null;
            }
            if (abs.regionMatches(true, 0, "http://", 0, 7) || abs.regionMatches(true, 0, "https://", 0, 8)) {
                int hash = abs.indexOf('#');
                return hash >= 0 ? abs.substring(0, hash) : abs;
            }
            return null;
        }

        private List<String> speculativeOnly() {
            List<String> s = new ArrayList<>(speculative);
            s.removeAll(found);
            return s;
        }

        /** Runs a reader, turning a spent budget or a parser failure into an incomplete result. */
        ExtractedLinks run(Runnable reader) {
            try {
                reader.run();
                return new ExtractedLinks(new ArrayList<>(found), speculativeOnly(), null, null);
            } catch (DocumentTooComplexException e) {
                return new ExtractedLinks(new ArrayList<>(found), speculativeOnly(), e.reason(), e.getMessage());
            } catch (RuntimeException | StackOverflowError e) {
                return new ExtractedLinks(new ArrayList<>(found), speculativeOnly(), ExtractedLinks.PARSE_ERROR,
                        e.toString());
            }
        }
    }

    private static String charsetName(String contentType) {
        if (contentType == null) {
            return null;
        }
        int at = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
        if (at < 0) {
            return null;
        }
        int i = at + "charset=".length();
        if (i < contentType.length() && (contentType.charAt(i) == '"' || contentType.charAt(i) == '\'')) {
            i++;
        }
        int start = i;
        while (i < contentType.length()) {
            char c = contentType.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == ':' || c == '-')) {
                break;
            }
            i++;
        }
        return i > start ? contentType.substring(start, i) : null;
    }

    private static Charset charset(String contentType) {
        String name = charsetName(contentType);
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
