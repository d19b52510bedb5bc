package dev.secondaryorigin.crawl;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8, "no document can stop a pass": every hostile document is read to the end (or to a named
 * limit) without an exception, in bounded time, and without resolving any XML entity.
 */
class HostileDocumentTest {
    private static final String BASE = "http://www.example.com/";
    private static final Duration QUICK = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private EntityTrap trap;

    @BeforeEach
    void openTrap() throws IOException {
        trap = new EntityTrap();
    }

    @AfterEach
    void closeTrap() throws Exception {
        trap.close();
    }

    private static ExtractedLinks read(String body, String contentType, String path) {
        return read(body.getBytes(StandardCharsets.UTF_8), contentType, path);
    }

    private static ExtractedLinks read(byte[] body, String contentType, String path) {
        return LinkExtractor.extractLinks(body, contentType, path, BASE + path.substring(1));
    }

    /** Billion laughs: ten levels of ten references, 10^10 "lol"s if anything expanded them. */
    static String laughs(String root) {
        StringBuilder d = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE " + root + " [\n<!ENTITY lol0 \"lol\">\n");
        for (int i = 1; i <= 10; i++) {
            d.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">\n");
        }
        return d.append("]>\n").toString();
    }

    @Test
    void longQuotedCssValuesInEveryQuotingStyle() {
        String twoMiB = "QUJD".repeat((2 << 20) / 4);
        assertTimeoutPreemptively(QUICK, () -> {
            for (String url : Arrays.asList("\"data:image/png;base64," + twoMiB + "\"",
                    "'data:image/png;base64," + twoMiB + "'", "data:image/png;base64," + twoMiB)) {
                ExtractedLinks r = read(".a{background:url(" + url + ")}\n.b{background:url(/after.png)}",
                        "text/css", "/big.css");
                assertNull(r.incompleteReason(), r.toString());
                assertEquals(Arrays.asList(BASE + "after.png"), r.urls());
            }
        });
    }

    @Test
    void oneMegabyteMinifiedCss() {
        StringBuilder css = new StringBuilder();
        for (int i = 0; css.length() < (1 << 20); i++) {
            css.append(".c").append(i).append("{background:url(i").append(i % 100).append(".png) no-repeat;color:#")
                    .append(Integer.toHexString(i & 0xfff)).append("}");
        }
        ExtractedLinks r = assertTimeoutPreemptively(QUICK, () -> read(css.toString(), "text/css", "/min.css"));
        assertNull(r.incompleteReason());
        assertEquals(100, r.urls().size());
    }

    @Test
    void htmlNestedAHundredThousandDeep() {
        String html = "<!doctype html><html><body>" + "<div>".repeat(100_000) + "<a href=/deep.html>deep</a>"
                + "</div>".repeat(100_000) + "<a href=/after.html>after</a></body></html>";
        ExtractedLinks r = assertTimeoutPreemptively(QUICK, () -> read(html, "text/html", "/deep.html"));
        assertNull(r.incompleteReason(), r.toString());
        assertEquals(Arrays.asList(BASE + "deep.html", BASE + "after.html"), r.urls());
        // Unclosed too, and of the kinds the tree builder handles specially.
        for (String unit : Arrays.asList("<span>", "<a href=/x.html>", "<b><p>", "<table><tr><td>", "<li>", "<dl><dt><dd>",
                "<svg><g>", "<template>", "<select><option>", "<button>", "<math><mi>")) {
            ExtractedLinks u = assertTimeoutPreemptively(QUICK,
                    () -> read(unit.repeat(100_000 / unit.length() * 5) + "<img src=/end.png>", "text/html", "/u.html"));
            assertNull(u.incompleteReason(), unit + ": " + u);
        }
    }

    @Test
    void svgNestedAHundredThousandDeep() {
        String svg = "<svg xmlns='http://www.w3.org/2000/svg'>" + "<a href='/in.html'><g>".repeat(50_000)
                + "<image href='/deep.png'/>" + "</g></a>".repeat(50_000) + "</svg>";
        ExtractedLinks r = assertTimeoutPreemptively(QUICK, () -> read(svg, "image/svg+xml", "/deep.svg"));
        assertNull(r.incompleteReason(), r.toString());
        assertEquals(Arrays.asList(BASE + "in.html", BASE + "deep.png"), r.urls());
    }

    @Test
    void svgEntitiesAreNeverExpandedNorFetched() throws Exception {
        Path secret = tmp.resolve("secret.txt");
        String marker = "SECRET-" + Long.toHexString(new Random().nextLong());
        Files.write(secret, marker.getBytes(StandardCharsets.UTF_8));
        String svg = laughs("svg").replace("]>", "<!ENTITY file SYSTEM \"" + secret.toUri() + "\">\n"
                + "<!ENTITY net SYSTEM \"" + trap.url("/entity") + "\">\n"
                + "<!ENTITY % param SYSTEM \"" + trap.url("/param.dtd") + "\">\n%param;\n]>")
                + "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink'>"
                + "<text>&lol10;&file;&net;</text><image xlink:href='/pic.png'/><style>.a{fill:url(/grad.svg#g)}</style>"
                + "</svg>";
        ExtractedLinks r = assertTimeoutPreemptively(QUICK, () -> read(svg, "image/svg+xml", "/laughs.svg"));
        assertNull(r.incompleteReason(), r.toString());
        assertEquals(Arrays.asList(BASE + "pic.png", BASE + "grad.svg"), r.urls());
        assertFalse(r.urls().toString().contains(marker));
        // The parser itself keeps references as text: nothing expanded, nothing read.
        Document doc = Jsoup.parse(svg, BASE, Parser.xmlParser());
        String text = doc.select("text").text();
        assertTrue(text.length() < 100, text);
        assertFalse(doc.outerHtml().contains(marker));
        assertEquals(0, trap.connections(), "an entity was fetched");
    }

    @Test
    void malformedUtf8AndWrongCharsetsNeverThrow() {
        byte[] bad = "<html><body><a href=\"/caf\u00e9.html\">x</a>\u00ff<img src=/i.png></body></html>"
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] withBrokenSequences = new byte[bad.length + 6];
        System.arraycopy(bad, 0, withBrokenSequences, 0, bad.length);
        byte[] tail = {(byte) 0xc3, (byte) 0x28, (byte) 0xe2, (byte) 0x82, (byte) 0xf0, (byte) 0x80};
        System.arraycopy(tail, 0, withBrokenSequences, bad.length, tail.length);
        for (String ct : Arrays.asList("text/html", "text/html; charset=utf-8", "text/html; charset=bogus-charset",
                "text/html; charset=\"", "text/html; charset=???", "text/html; charset=x-bogus; charset=utf-8",
                "text/html; charset=UTF-32", "text/html; charset=" + "x".repeat(10_000), "text/css; charset=bogus-charset",
                "image/svg+xml; charset=bogus-charset", null)) {
            ExtractedLinks r = read(withBrokenSequences, ct, "/bad.html");
            assertNull(r.incompleteReason(), ct + ": " + r);
            if (ct != null && ct.startsWith("text/html") && !ct.contains("UTF-32")) {
                assertTrue(r.urls().contains(BASE + "i.png"), ct + ": " + r.urls());
            }
        }
        ExtractedLinks meta = read("<meta charset=bogus-charset><a href=/m.html>m</a>", "text/html", "/m.html");
        assertEquals(Arrays.asList(BASE + "m.html"), meta.urls());
        ExtractedLinks xmlDecl = read("<?xml version='1.0' encoding='bogus-charset'?><svg><image href='/s.png'/></svg>",
                "image/svg+xml", "/s.svg");
        assertEquals(Arrays.asList(BASE + "s.png"), xmlDecl.urls());
    }

    @Test
    void aBodyAboveTheSizeLimitIsNotRead() {
        byte[] body = ("<a href=/x.html>x</a>" + " ".repeat(1000)).getBytes(StandardCharsets.UTF_8);
        ExtractedLinks r = LinkExtractor.extractLinks(body, "text/html", "/big.html", BASE + "big.html",
                new LinkExtractor.Limits(100, 10, 10_000));
        assertEquals(ExtractedLinks.TOO_LARGE, r.incompleteReason());
        assertTrue(r.urls().isEmpty());
        assertEquals(16 << 20, LinkExtractor.Limits.DEFAULT.maxBytes());
    }

    @Test
    void linksPerDocumentAreCapped() {
        StringBuilder html = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            html.append("<a href=/p").append(i).append(".html>p</a><a href=/p").append(i).append(".html>again</a>");
        }
        byte[] body = html.toString().getBytes(StandardCharsets.UTF_8);
        ExtractedLinks r = LinkExtractor.extractLinks(body, "text/html", "/many.html", BASE + "many.html",
                new LinkExtractor.Limits(1 << 20, 100, 10_000));
        assertEquals(ExtractedLinks.TOO_MANY_LINKS, r.incompleteReason());
        assertEquals(100, r.urls().size());
        assertEquals(BASE + "p0.html", r.urls().get(0));
        ExtractedLinks exact = LinkExtractor.extractLinks(body, "text/html", "/many.html", BASE + "many.html",
                new LinkExtractor.Limits(1 << 20, 1000, 10_000));
        assertNull(exact.incompleteReason(), "exactly the limit is complete");
        assertEquals(1000, exact.urls().size());
        ExtractedLinks css = LinkExtractor.extractLinks("a{b:url(x.png)}c{b:url(y.png)}".repeat(10)
                        .getBytes(StandardCharsets.UTF_8), "text/css", "/a.css", BASE + "a.css",
                new LinkExtractor.Limits(1 << 20, 1, 10_000));
        assertEquals(ExtractedLinks.TOO_MANY_LINKS, css.incompleteReason());
        assertEquals(Arrays.asList(BASE + "x.png"), css.urls());
    }

    @Test
    void aSpentTimeBudgetStopsEveryKindOfDocument() {
        LinkExtractor.Limits noTime = new LinkExtractor.Limits(16 << 20, 1000, 0);
        byte[] html = "<p><a href=/a.html>a</a></p>".repeat(100_000).getBytes(StandardCharsets.UTF_8);
        byte[] svg = ("<svg>" + "<image href='/a.png'/>".repeat(100_000) + "</svg>").getBytes(StandardCharsets.UTF_8);
        byte[] css = "a{b:url(a.png)}".repeat(100_000).getBytes(StandardCharsets.UTF_8);
        assertEquals(ExtractedLinks.TOO_SLOW, LinkExtractor.extractLinks(html, "text/html", "/a.html", BASE, noTime)
                .incompleteReason());
        assertEquals(ExtractedLinks.TOO_SLOW, LinkExtractor.extractLinks(svg, "image/svg+xml", "/a.svg", BASE, noTime)
                .incompleteReason());
        assertEquals(ExtractedLinks.TOO_SLOW, LinkExtractor.extractLinks(css, "text/css", "/a.css", BASE, noTime)
                .incompleteReason());
        // The list-returning form gives what was found, without throwing.
        assertTrue(LinkExtractor.extract(html, "text/html", "/a.html", BASE).contains(BASE + "a.html"));
    }

    /** Hostile markup for the tree-less scanner: each document is read by it (not handed to jsoup), to the end. */
    @Test
    void theScannerReadsHostileMarkupToABoundedEnd() {
        int mib = 1 << 20;
        String[] hostile = {
            "<a ".repeat(16 * mib / 3),
            "<a " + "x=1 ".repeat(2_000_000) + "href=/late.html><img src=/after.png>",
            "<table><tr><td>".repeat(100_000) + "<img src=/deep.png>",
            "<div>".repeat(1_000_000) + "<img src=/deep-div.png>",
            "<a href=/x.html>" + "<!--".repeat(2_000_000),
            "<script>" + "<!--<script>".repeat(500_000),
            "<title>" + "<b>".repeat(1_000_000),
            "<p style=\"" + "url(".repeat(2_000_000) + "\">",
            "<a href=/a.html>" + "</".repeat(3_000_000),
        };
        for (String html : hostile) {
            byte[] body = html.getBytes(StandardCharsets.UTF_8);
            String what = html.substring(0, 40);
            assertTrue(LinkExtractor.scan(body, "text/html; charset=utf-8", BASE, false, ParseBudget.unlimited()) != null
                    || what.startsWith("<title>"), what);
            ExtractedLinks r = assertTimeoutPreemptively(QUICK,
                    () -> read(body, "text/html; charset=utf-8", "/hostile.html"), what);
            assertNull(r.incompleteReason(), what + ": " + r);
        }
        ExtractedLinks late = read(hostile[1], "text/html; charset=utf-8", "/late.html");
        assertEquals(Arrays.asList(BASE + "after.png"), late.urls(), "jsoup keeps 512 attributes of a tag");
        ExtractedLinks deep = read(hostile[2], "text/html; charset=utf-8", "/deep.html");
        assertEquals(Arrays.asList(BASE + "deep.png"), deep.urls());
    }
}
