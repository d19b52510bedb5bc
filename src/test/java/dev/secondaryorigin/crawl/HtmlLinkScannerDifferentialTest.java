package dev.secondaryorigin.crawl;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scanner path of {@link LinkExtractor} gives exactly the links of the jsoup path (same URLs in the same
 * order, same speculative URLs, same incomplete reason), with and without script reading: on every page of the
 * PostgreSQL manual, the example site, handcrafted tricky markup, and thousands of seeded random mutations of
 * real pages. Where the scanner is unsure it hands the document to jsoup, so equality is asserted for every
 * document; the tests also check that the scanner, not the fallback, read the real pages.
 *
 * <p>No difference class is excluded: every document of every case must give identical results. (Beyond the
 * 4000 mutations here, 65 000 more with other seeds, denser edits, windows-1252 with stray high bytes, and
 * Unicode that case-folds to ASCII gave none either.) Readers that disagree
 * leave the document in {@code target/scanner-differences/} for a look.
 */
class HtmlLinkScannerDifferentialTest {
    static final Path MANUAL = Paths.get("/usr/share/doc/postgresql-doc-15/html");
    private static final String URL = "http://www.example.com/docs/sub/page.html";
    private static final LinkExtractor.Limits PLAIN = LinkExtractor.Limits.DEFAULT;
    private static final LinkExtractor.Limits SCRIPTS = LinkExtractor.Limits.DEFAULT.withScriptLinks(200);

    static List<Path> manualPages() throws IOException {
        assertTrue(Files.isDirectory(MANUAL), MANUAL + " is missing: scripts/test.sh installs it "
                + "(apt-get install -y postgresql-doc-15)");
        try (Stream<Path> s = Files.list(MANUAL)) {
            List<Path> pages = s.filter(p -> p.toString().endsWith(".html")).sorted().collect(Collectors.toList());
            assertTrue(pages.size() > 1000, "the manual has " + pages.size() + " pages");
            return pages;
        }
    }

    /** Asserts both readers agree on {@code body}; true when the scanner (not jsoup) read it. */
    static boolean same(String what, byte[] body, String contentType) {
        boolean scanned = false;
        for (LinkExtractor.Limits limits : Arrays.asList(PLAIN, SCRIPTS)) {
            ExtractedLinks fast = LinkExtractor.extractLinks(body, contentType, "/docs/sub/page.html", URL, limits,
                    LinkExtractor.HtmlReader.SCANNER_WHERE_SURE);
            ExtractedLinks ref = LinkExtractor.extractLinks(body, contentType, "/docs/sub/page.html", URL, limits,
                    LinkExtractor.HtmlReader.JSOUP);
            String label = (what.length() > 300 ? what.substring(0, 300) + "..." : what)
                    + (limits == SCRIPTS ? " (scripts read)" : "");
            if (!ref.urls().equals(fast.urls()) || !ref.speculative().equals(fast.speculative())) {
                keep(body);
            }
            assertEquals(ref.urls(), fast.urls(), label);
            assertEquals(ref.speculative(), fast.speculative(), label);
            assertEquals(ref.incompleteReason(), fast.incompleteReason(), label);
            scanned |= LinkExtractor.scan(body, contentType, URL, limits.maxScriptLinks() > 0,
                    ParseBudget.unlimited()) != null;
        }
        return scanned;
    }

    /** Keeps a document the readers disagree on, for a look at the whole of it. */
    private static void keep(byte[] body) {
        try {
            Path dir = Paths.get("target", "scanner-differences");
            Files.createDirectories(dir);
            Files.write(dir.resolve(Integer.toHexString(Arrays.hashCode(body)) + ".html"), body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean same(String html) {
        return same(html, html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
    }

    @Test
    void everyPageOfThePostgresqlManual() throws IOException {
        int scanned = 0;
        List<Path> pages = manualPages();
        for (Path p : pages) {
            byte[] body = Files.readAllBytes(p);
            // Without a charset, pages with a character reference near their meta http-equiv go to jsoup's
            // detection (Utf8Prescan); with the charset a server sends, the scanner must read every page.
            same(p.getFileName().toString(), body, "text/html");
            if (same(p.getFileName().toString(), body, "text/html; charset=utf-8")) {
                scanned++;
            }
        }
        assertEquals(pages.size(), scanned, "pages the scanner read itself");
    }

    @Test
    void theExampleSite() throws IOException {
        try (Stream<Path> s = Files.walk(Paths.get("examples/site"))) {
            List<Path> pages = s.filter(p -> p.toString().endsWith(".html")).collect(Collectors.toList());
            assertTrue(pages.size() >= 5);
            for (Path p : pages) {
                same(p.toString(), Files.readAllBytes(p), "text/html; charset=utf-8"); // inline svg: jsoup reads some
            }
        }
    }

    static final String[] TRICKY = {
        "<a href=/a.html>a</a><!-- <a href=/in-comment.html> --><a href=/b.html>",
        "<!--><a href=/after-empty-comment.html><!---><a href=/c2.html><!-- x --!><a href=/bang.html>",
        "<!-- a -- b --><img src=/x.png><!-- --!-- --><img src=/y.png>",
        "<!----x--><a href=/c3.html><!-----><a href=/c4.html><!--a--!-b--><a href=/c5.html><!-----x",
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"http://www.w3.org/TR/xhtml1/DTD/x.dtd\">"
                + "<a href=/d.html>",
        "<!DOCTYPE html \"<a href=/in-doctype.html>\"><a href=/e.html>",
        "<!x><a href=/f.html><?php echo '<a href=/php.html>' ?><a href=/g.html></ x><a href=/h.html>",
        "<![CDATA[<a href=/in-cdata.html>]]><a href=/after-cdata.html>",
        "<script>var s = '<a href=/in-script.html>'; document.write('</scr' + 'ipt>');</script><a href=/i.html>",
        "<script>var s = \"</script><a href=/after-script.html>\";</script>",
        "<script><!-- <script> </script> <a href=/double-escaped.html> --></script><a href=/j.html>",
        "<script><!-- </script><a href=/escaped-end.html>",
        "<script><!--<script>x</script>--></script><img src=/k.png>",
        "<SCRIPT>x</SCRIPT ><img src=/l.png><script>y</script foo='>'><img src=/m.png>",
        "<style>a{background:url(/s.png)} <a href=/in-style.html></style><a href=/n.html>",
        "<textarea><a href=/in-textarea.html></textarea><a href=/o.html>",
        "<title>t <a href=/in-title.html></title><a href=/p.html>",
        "<title>t <a href=/cut-title.html>",
        "<textarea>never closed <img src=/q.png>",
        "<xmp><a href=/in-xmp.html></xmp><iframe src=/frame.html><a href=/in-iframe.html></iframe>"
                + "<noembed><a href=/x1.html></noembed><noframes><a href=/x2.html></noframes><a href=/r.html>",
        "<plaintext><a href=/in-plaintext.html>",
        "<a href=unquoted.html>u</a><a href='single.html'>s</a><a href=\"double.html\">d</a><a href = spaced.html>",
        "<a href=a&amp;b.html>x</a><a href=\"c&lt;d.html\">y</a><a href='&#x2F;e&#47;f.html'>z</a>"
                + "<a href=\"g.html?a=1&copy=2&lt\">w</a><a href=\"h&notit;.html\">v</a>",
        "<a href=/first.html href=/second.html>dup</a><img SRC=/upper.png src=/lower.png>",
        "<A HREF=/UPPER.html>x</A><IMG SrC=/Mixed.PNG>",
        "<a href=/before-base.html><base href=/base/dir/><a href=rel.html>",
        "<base href=http://other.example.org/x/><base href=/ignored/><a href=rel.html>",
        "<base target=_blank><base href=/second-base/><a href=rel.html>",
        "<input type=IMAGE src=/button.png><input type=text src=/not-a-link.png><input src=/no-type.png>",
        "<meta http-equiv=REFRESH content=\"5; URL='/refresh.html'\"><meta http-equiv=other content=\"0;url=/no.html\">",
        "<img srcset=\"/a1.png 1x, /a2.png 2x\" src=/a0.png><picture><source srcset=/b.webp></picture>"
                + "<link rel=preload imagesrcset=\"/c1.png 100w, /c2.png 200w\">",
        "<svg><use xlink:href=/sprite.svg#i></use><image href=/svg-image.png /></svg><a href=/after-svg.html>",
        "<math><mi><a href=/in-math.html></a></mi></math>",
        "<template><img src=/tpl.png data-src={{x}}><a href=/tpl.html data-url=/api/data.json></template>",
        "<noscript><img src=/ns.png data-x=/ns.json></noscript><a href=/after-ns.html>",
        "<head><noscript><img src=/head-ns.png><link rel=stylesheet href=/ns.css></noscript></head><a href=/s.html>",
        "<template><noscript><template><a href=/nested.html></template></noscript></template>",
        "<body><noscript><iframe src=\"https://www.googletagmanager.com/ns.html?id=GTM-X\" data-x=/gtm.json "
                + "style=\"display:none\"></iframe></noscript><a href=/after-gtm.html>",
        "<head><noscript><img height=1 src=\"https://www.facebook.com/tr?id=1&ev=PageView\"/><link href=/{{n}}.css "
                + "data-u=/ns-head.json></noscript><style>.a{}</style></head><a href=/after-pixel.html data-v=/no.json>",
        "<p><b data-b=/b.json></p><noscript>\n<link href=/l.css data-n=/n.json> text</noscript><a href=/q.html>",
        "<noscript data-own=/own.json><meta content=/m.json></noscript><noscript><img src=/lazy.png></noscript>",
        "<table><tr><td><noscript><style>.x{background:url(/ns-bg.png)}</style></td></tr></table>",
        "<a href=/cut-in-tag.html", "<a href=\"/cut-in-value.html", "<a href=/x.html><img src=/y.png alt='cut",
        "<a href=", "<a href=/ok.html><!-- cut comment <a href=/no.html>", "<a href=/ok.html></a",
        "<a\0 href=/nul-name.html><img src=/nul\0value.png><a \0href=/nul-attr.html><a href \0x=/mangled.html>",
        "<a href=/caf\u00e9.html>caf\u00e9</a><img src=/\u00fc.png>",
        "<lin\u212a href=/kelvin.css rel=stylesheet><img \u212aey=1 src=/k.png><script>x</\u017fcript><a href=/long-s.html>"
                + "</script><a href=/after-script-end.html>",
        "<table background=/t.png><tr><td background=/td.png><a href=/in-cell.html></td></tr></table>",
        "<td background=/stray-td.png><tr><th background=/stray-th.png><a href=/z.html>",
        "<table><a href=/fostered.html></a><tr><td>x</td></tr></table>",
        "<table><caption style=\"background:url(/cap.png)\">c</caption><colgroup><col style=\"background:url(/col.png)\">"
                + "<tbody><tr><td><table><tr><td><img src=/nested.png></table></td></tr></tbody></table>",
        "<body background=/body.png><a href=/after-body.html>",
        "<a href=/before-body.html><body background=/late-body.png>",
        "<html style=\"background:url(/html.png)\"><head><link href=/h.css rel=stylesheet></head><body>",
        "<form style=\"background:url(/f1.png)\"><form style=\"background:url(/f2.png)\"></form>"
                + "<form style=\"background:url(/f3.png)\">",
        "<image src=/image-tag.png><frame src=/stray-frame.html><frameset><frame src=/frame.html></frameset>",
        "<select><option style=\"background:url(/opt.png)\"><img src=/in-select.png></select>",
        "<select><style><a href=/style-in-select.html></style><title><a href=/t.html></title><script>'/s.json'</script>"
                + "<textarea><img src=/closed-by-textarea.png></textarea><img src=/after-textarea.png>",
        "<select><select><img src=/after-nested-select.png><table><tr><td><select><td background=/next-cell.png>"
                + "<select></td><img src=/td-end.png></select></table><select/><img src=/self-closed.png>",
        "<style>@import '/imp.css'; .a{background:url(/bg.png)}</style><div style=\"background:url('/d.png')\">",
        "<script type=application/json>{\"u\":\"/data/list.json\"}</script><script src=/app.js>'/nope.js'</script>"
                + "<script type=text/template>'/tpl.js'</script><script>fetch('/api/x.json')</script>",
        "<p>text<title>late title <a href=/in-late-title.html></title><a href=/after.html>",
        "\ufeff<a href=/after-bom.html>",
        "<blockquote cite=/quote.html><q cite=/q.html><del cite=/del.html><video poster=/p.jpg src=/v.mp4>"
                + "<object data=/o.swf><embed src=/e.swf><track src=/t.vtt><audio src=/a.mp3>",
        "<style>\r\n.a{background:url(/cr.png)}\r</style><a href=\"/cr\r\nlf.html\"><script>\r\nload('/cr.json')\r</script>",
        "<head><script>var a = '/head-script.json'; // <!-- <script> </script> '/double.json' --></script></head>"
                + "<script>var b = '/body-script.json'; // <!-- <script> </script> '/raw.json' --></script>",
        "<a href=\"javascript:void(0)\">j</a><a href=mailto:x@y>m</a><a href=#frag>f</a><a href=data:x>d</a>",
    };

    @Test
    void handcraftedTrickyMarkup() {
        for (String html : TRICKY) {
            same(html);
            same("<!doctype html><html><head><title>x</title></head><body>" + html + "</body></html>");
        }
        // Charsets and bytes that are not UTF-8.
        byte[] latin = "<a href=/caf\u00e9.html><img src=/\u00ff.png>".getBytes(StandardCharsets.ISO_8859_1);
        for (String ct : Arrays.asList("text/html; charset=iso-8859-1", "text/html; charset=windows-1252",
                "text/html; charset=utf-8", "text/html", "text/html; charset=us-ascii", "text/html; charset=utf-16",
                "text/html; charset=bogus")) {
            same(ct, latin, ct);
        }
        byte[] broken = {'<', 'a', ' ', 'h', 'r', 'e', 'f', '=', '"', '/', (byte) 0xc3, (byte) 0x28, (byte) 0xe2,
            (byte) 0x82, '"', '>', '<', 'i', 'm', 'g', ' ', 's', 'r', 'c', '=', '/', (byte) 0xf0, (byte) 0x80, '>'};
        same("broken utf-8", broken, "text/html; charset=utf-8");
        same("broken utf-8, no charset", broken, null);
        byte[] utf16 = "\ufeff<a href=/u16.html>".getBytes(StandardCharsets.UTF_16);
        same("utf-16 bom", utf16, "text/html; charset=utf-8");
    }

    /** Pieces the mutator inserts: the characters and constructs that change tokenizer states. */
    private static final String[] PIECES = {"<", ">", "\"", "'", "=", "&", "&amp;", "&#", "/", "<!--", "-->", "--!>",
        "<!", "<?", "</", "</script>", "<script>", "<style>", "</style>", "<title>", "</title>", "<textarea>",
        "<!--<script>", "<![CDATA[", "]]>", " ", "\n", "\0", "<a href=", "<img src=x.png ", "<base href=/b/>",
        "<table>", "<tr>", "<td>", "</td>", "</table>", "<select>", "<svg>", "<template>", "<noscript>",
        "</noscript>", "<form>", "</form>", "<body background=/bg.png>", "<html>", "<head>", "</head>", "<plaintext>",
        "<xmp>", "<iframe>", "</iframe>", "<caption>", "<col>", "<frame src=f.html>", "</select>", "<option>", "<image src=i.png>",
        "\u00e9", "\u00ff", "<input type=image src=in.png>", "style=\"background:url(s.png)\""};

    @Test
    void seededRandomMutationsOfRealPages() throws IOException {
        List<Path> pages = manualPages();
        Random random = new Random(20261201L);
        int documents = 4000;
        int scanned = 0;
        for (int d = 0; d < documents; d++) {
            Path page = pages.get(random.nextInt(pages.size()));
            String text = new String(Files.readAllBytes(page), StandardCharsets.UTF_8);
            if (text.length() > 20_000) {
                int from = random.nextInt(text.length() - 20_000);
                text = text.substring(from, from + 20_000);
            }
            String mutated = mutate(text, random);
            if (same("mutation " + d + " of " + page.getFileName() + ":\n" + mutated,
                    mutated.getBytes(StandardCharsets.UTF_8), d % 3 == 0 ? null : "text/html; charset=utf-8")) {
                scanned++;
            }
        }
        assertTrue(scanned > documents / 4, scanned + " of " + documents + " mutations read by the scanner");
    }

    private static String mutate(String text, Random random) {
        StringBuilder s = new StringBuilder(text);
        int edits = 1 + random.nextInt(8);
        for (int e = 0; e < edits && s.length() > 2; e++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(4)) {
                case 0: // cut
                    s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(40)));
                    break;
                case 1: // duplicate
                    int len = Math.min(s.length() - at, 1 + random.nextInt(200));
                    s.insert(random.nextInt(s.length()), s.substring(at, at + len));
                    break;
                case 2: // truncate
                    if (random.nextInt(4) == 0) {
                        s.setLength(at);
                    }
                    break;
                default: // insert a piece
                    s.insert(at, PIECES[random.nextInt(PIECES.length)]);
            }
        }
        return s.toString();
    }
}
