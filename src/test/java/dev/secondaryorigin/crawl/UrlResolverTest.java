package dev.secondaryorigin.crawl;

import org.jsoup.internal.StringUtil;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UrlResolverTest {
    private static final String BASE = "http://www.example.com/dir/page.html?q=1#f";

    @Test
    void commonShapes() {
        assertEquals("http://www.example.com/dir/a.css", UrlResolver.resolve(BASE, "a.css"));
        assertEquals("http://www.example.com/a.css", UrlResolver.resolve(BASE, "../a.css"));
        assertEquals("http://www.example.com/a.css?x=../y", UrlResolver.resolve(BASE, "./.././a.css?x=../y"));
        assertEquals("http://www.example.com/a.css", UrlResolver.resolve(BASE, "/a.css"));
        assertEquals("https://cdn.example.org/x.js", UrlResolver.resolve(BASE, "https://cdn.example.org/x.js"));
        assertEquals("http://other.example/x", UrlResolver.resolve(BASE, "//other.example/x"));
        assertEquals("http://www.example.com/dir/page.html?x=2", UrlResolver.resolve(BASE, "?x=2"));
        assertEquals(BASE, UrlResolver.resolve(BASE, "#top"));
        assertEquals("mailto:a@b.c", UrlResolver.resolve(BASE, "mailto:a@b.c"));
        assertEquals("http://www.example.com/b", UrlResolver.resolve("http://www.example.com", "b"));
        assertEquals("http://www.example.com:8080/dir/b c.png", UrlResolver.resolve("http://www.example.com:8080/dir/", " b c.png "));
    }

    @Test
    void agreesWithJsoupAfterCanonicalisation() throws Exception {
        Scope scope = new Scope(ScopeTest.config("domain", "www.example.com"));
        for (String rel : new String[]{"a.html", "./a.html", "../../x/y.png", "/r", "?p=1", "sub/dir/", "%7Euser/",
                "a%20b.html", "文档/说明.html", "//www.example.com/z"}) {
            assertEquals(scope.pathOf(StringUtil.resolve(BASE, rel)), scope.pathOf(UrlResolver.resolve(BASE, rel)), rel);
        }
    }
}
