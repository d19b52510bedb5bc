package dev.secondaryorigin.crawl;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinkExtractorTest {
    private static final String BASE = "http://www.example.com/dir/page.html";

    private static List<String> html(String s) {
        return LinkExtractor.extract(s.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8", "/dir/page.html", BASE);
    }

    @Test
    void findsEveryKindOfHtmlReference() {
        List<String> links = html("<html><head>"
                + "<link rel=stylesheet href=a.css><link rel=icon href=/favicon.ico><link rel=preload href='f.woff2'>"
                + "<link rel=manifest href=/site.webmanifest><script src=app.js></script>"
                + "<meta http-equiv=Refresh content=\"5; URL='/moved.html'\">"
                + "<style>@import 'imp.css'; body{background:url(bg.png)}</style></head><body>"
                + "<a href=\"x.html#frag\">x</a><area href=map.html><img src=i.png srcset=\"i-1.png 1x, i-2.png 2x\">"
                + "<picture><source srcset=\"p.webp 100w,p2.webp\" type=image/webp></picture>"
                + "<video src=v.mp4 poster=poster.jpg><track src=subs.vtt><source src=v.webm></video>"
                + "<audio src=a.mp3></audio><iframe src=frame.html></iframe><embed src=e.swf><object data=o.svg></object>"
                + "<input type=image src=btn.png><input type=text src=no.png>"
                + "<svg><use href='sprite.svg#a'/><use xlink:href='/s2.svg#b'/><image href='im.png'/></svg>"
                + "<div style=\"background-image: url( &quot;st.png&quot; )\"></div>"
                + "<img data-src=lazy.png></body></html>");
        String d = "http://www.example.com/dir/";
        for (String want : Arrays.asList(d + "a.css", "http://www.example.com/favicon.ico", d + "f.woff2",
                "http://www.example.com/site.webmanifest", d + "app.js", "http://www.example.com/moved.html",
                d + "imp.css", d + "bg.png", d + "x.html", d + "map.html", d + "i.png", d + "i-1.png", d + "i-2.png",
                d + "p.webp", d + "p2.webp", d + "v.mp4", d + "poster.jpg", d + "subs.vtt", d + "v.webm", d + "a.mp3",
                d + "frame.html", d + "e.swf", d + "o.svg", d + "btn.png", d + "sprite.svg",
                "http://www.example.com/s2.svg", d + "im.png", d + "st.png", d + "lazy.png")) {
            assertTrue(links.contains(want), "missing " + want + " in " + links);
        }
        assertFalse(links.contains(d + "no.png"));
    }

    @Test
    void ignoresNonHttpSchemesAndBareFragments() {
        List<String> links = html("<a href='mailto:a@b.c'>m</a><a href='tel:123'>t</a><a href='javascript:void(0)'>j</a>"
                + "<img src='data:image/png;base64,AAAA'><a href='#top'>top</a><a href='  /ok.html  '>ok</a>");
        assertEquals(Arrays.asList(BASE, "http://www.example.com/ok.html"), links);
    }

    @Test
    void honoursBaseHref() {
        List<String> links = html("<head><base href='/other/'></head><body><a href=x.html>x</a></body>");
        assertTrue(links.contains("http://www.example.com/other/x.html"), links.toString());
    }

    @Test
    void srcsetCandidatesWithCommasInUrls() {
        assertEquals(Arrays.asList("a.png", "b,c.png", "d.png"),
                LinkExtractor.srcsetUrls("a.png 1x, b,c.png 2x,d.png"));
        assertEquals(Arrays.asList("/img/hero-400.png", "/img/hero.png"),
                LinkExtractor.srcsetUrls("/img/hero-400.png 400w, /img/hero.png 800w"));
    }

    @Test
    void cssUrlsInEveryQuotingStyleAndImports() {
        String css = "@import url(\"one.css\");\n@import 'two.css';\n@import \"three.css\" screen;\n"
                + "a{background:url(four.png)} b{background:url( 'five.png' )} c{background:URL(\"six.png\")}\n"
                + "/* url(commented.png) */ d{background:url(sev\\ en.png)}\n"
                + "e{background-image:image-set(\"x1.png\" 1x, 'x2.png' 2x)} f{src:url(data:font/woff2;base64,AA)}";
        List<String> links = LinkExtractor.fromCss(css, "http://www.example.com/css/site.css");
        String d = "http://www.example.com/css/";
        for (String want : Arrays.asList(d + "one.css", d + "two.css", d + "three.css", d + "four.png",
                d + "five.png", d + "six.png", d + "sev en.png", d + "x1.png", d + "x2.png")) {
            assertTrue(links.contains(want), "missing " + want + " in " + links);
        }
        assertFalse(links.toString().contains("commented"));
        assertFalse(links.toString().contains("data:"));
    }

    @Test
    void cssResolvesAgainstItsOwnUrl() {
        List<String> links = LinkExtractor.fromCss("x{background:url(../img/a.png)}", "http://www.example.com/css/deep/s.css");
        assertEquals(Arrays.asList("http://www.example.com/css/img/a.png"), links);
    }

    @Test
    void svgFilesUseAndImageReferences() {
        String svg = "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink'>"
                + "<use xlink:href='defs.svg#a'/><image href='pic.png'/><style>.a{fill:url(grad.svg#g)}</style></svg>";
        List<String> links = LinkExtractor.extract(svg.getBytes(StandardCharsets.UTF_8), "image/svg+xml",
                "/img/icons.svg", "http://www.example.com/img/icons.svg");
        assertTrue(links.contains("http://www.example.com/img/defs.svg"), links.toString());
        assertTrue(links.contains("http://www.example.com/img/pic.png"), links.toString());
        assertTrue(links.contains("http://www.example.com/img/grad.svg"), links.toString());
    }

    @Test
    void toleratesBrokenMarkup() {
        List<String> links = html("<a href='/a.html'<img src=b.png><a href=\"/c.html\">unclosed <div><<<>>> <a href=/d.html>");
        assertTrue(links.contains("http://www.example.com/d.html"), links.toString());
    }
}
