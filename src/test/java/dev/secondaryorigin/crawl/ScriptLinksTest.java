package dev.secondaryorigin.crawl;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files that pages load by script or list in JSON: real-world patterns, and the noise that must not be fetched. */
class ScriptLinksTest {
    static final String SITE = "http://docs.example.org";
    static final LinkExtractor.Limits ON = LinkExtractor.Limits.DEFAULT.withScriptLinks(50);

    private static ExtractedLinks read(String text, String contentType, String url) {
        String path = url.substring(SITE.length());
        return LinkExtractor.extractLinks(text.getBytes(StandardCharsets.UTF_8), contentType, path, url, ON);
    }

    private static List<String> js(String text, String url) {
        ExtractedLinks l = read(text, "application/javascript", url);
        assertTrue(l.complete(), l.toString());
        assertEquals(Collections.emptyList(), l.urls(), "a script has no markup links");
        return l.speculative();
    }

    private static List<String> strings(String text) {
        List<String> out = new ArrayList<>();
        ScriptStrings.scan(text, (v, k) -> out.add(k == null ? v : k + "=" + v), ParseBudget.unlimited(), 400);
        return out;
    }

    @Test
    void sphinxSearchIndexLoadedThroughAPrefixVariableIsFoundAtTheSiteRoot() {
        String searchtools = "/* searchtools.js */\n"
                + "var Search = {\n"
                + "  _index : null,\n"
                + "  loadIndex : function(url) {\n"
                + "    $.ajax({type: \"GET\", url: url, data: null, dataType: \"script\", cache: true,\n"
                + "            complete: function(jqxhr, textstatus) { if (textstatus != \"success\") {\n"
                + "              document.getElementById(\"searchindexloader\").src = url; } }});\n"
                + "  },\n"
                + "  query : function(query) {\n"
                + "    var requestUrl = DOCUMENTATION_OPTIONS.URL_ROOT + item[0] + DOCUMENTATION_OPTIONS.FILE_SUFFIX;\n"
                + "    $.ajax({url: DOCUMENTATION_OPTIONS.URL_ROOT + '_sources/' + item[5] + '.txt'});\n"
                + "    if (/^\\s*$/.test(query)) { return; }\n"
                + "  }\n"
                + "};\n"
                + "$(document).ready(function() {\n"
                + "  Search.loadIndex(DOCUMENTATION_OPTIONS.URL_ROOT + 'searchindex.js');\n"
                + "});\n";
        List<String> got = js(searchtools, SITE + "/_static/searchtools.js");
        assertEquals(Arrays.asList(SITE + "/_static/searchindex.js", SITE + "/searchindex.js"), got);
    }

    @Test
    void mkdocsSearchWorkerAndItsIndex() {
        String main = "function joinUrl (base, path) {\n"
                + "  if (path.substring(0, 1) === \"/\") { path = path.substring(1); }\n"
                + "  if (base.substring(base.length - 1) === \"/\") { base = base.substring(0, base.length - 1); }\n"
                + "  return base + \"/\" + path;\n"
                + "}\n"
                + "var searchWorker = new Worker(joinUrl(base_url, \"search/worker.js\"));\n";
        assertTrue(js(main, SITE + "/search/main.js").contains(SITE + "/search/worker.js"));
        String worker = "var base_path = 'function' === typeof importScripts ? '.' : '/search/';\n"
                + "function init () {\n"
                + "  var oReq = new XMLHttpRequest();\n"
                + "  var index_path = base_path + '/search_index.json';\n"
                + "  if ('function' === typeof importScripts) { index_path = 'search_index.json'; }\n"
                + "  oReq.open(\"GET\", index_path);\n"
                + "}\n";
        List<String> got = js(worker, SITE + "/search/worker.js");
        assertTrue(got.contains(SITE + "/search/search_index.json"), got.toString());
    }

    @Test
    void fetchOfARelativeJsonFileFromAnInlineScriptResolvesAgainstThePageAndTheRoot() {
        String page = "<!doctype html><html><head><script>\n"
                + "fetch('data/config.json').then(r => r.json()).then(c => render(c));\n"
                + "</script></head><body><a href=\"/about/\">about</a></body></html>";
        ExtractedLinks l = read(page, "text/html", SITE + "/app/index.html");
        assertEquals(Collections.singletonList(SITE + "/about/"), l.urls());
        assertEquals(Arrays.asList(SITE + "/app/data/config.json", SITE + "/data/config.json"), l.speculative());
    }

    @Test
    void dynamicImportOfAModuleChunk() {
        String bundle = "const routes={home:()=>import('./chunk-abc123.js'),docs:()=>import(\"./chunk-def456.js\")};"
                + "export default routes;";
        List<String> got = js(bundle, SITE + "/assets/index-9f8e7d.js");
        assertTrue(got.contains(SITE + "/assets/chunk-abc123.js"), got.toString());
        assertTrue(got.contains(SITE + "/assets/chunk-def456.js"), got.toString());
    }

    @Test
    void webAppManifestIconsScreenshotsAndStartUrl() {
        String manifest = "{\n"
                + "  \"name\": \"Docs\", \"short_name\": \"Docs\", \"display\": \"standalone\",\n"
                + "  \"start_url\": \"/?source=pwa\",\n"
                + "  \"icons\": [\n"
                + "    {\"src\": \"icons/icon-192.png\", \"sizes\": \"192x192\", \"type\": \"image/png\"},\n"
                + "    {\"src\": \"/icons/icon-512.png\", \"sizes\": \"512x512\", \"type\": \"image/png\"}\n"
                + "  ],\n"
                + "  \"screenshots\": [{\"src\": \"/shots/wide.webp\", \"form_factor\": \"wide\"}],\n"
                + "  \"theme_color\": \"#123456\"\n"
                + "}";
        ExtractedLinks l = read(manifest, "application/manifest+json", SITE + "/site.webmanifest");
        assertEquals(Arrays.asList(SITE + "/?source=pwa", SITE + "/icons/icon-192.png", SITE + "/icons/icon-512.png",
                SITE + "/shots/wide.webp"), l.speculative());
    }

    @Test
    void serviceWorkerPrecacheLists() {
        String sw = "importScripts('workbox-sw.js');\n"
                + "const CACHE = 'v3';\n"
                + "const ASSETS = ['/', '/styles/main.css', '/img/logo.svg', 'offline.html'];\n"
                + "workbox.precaching.precacheAndRoute([{\"revision\":\"3ca0b8505b4bec776b69afdba2768812\","
                + "\"url\":\"index.html\"},{\"revision\":null,\"url\":\"assets/index-4f2a.js\"}]);\n"
                + "self.addEventListener('install', e => e.waitUntil(caches.open(CACHE).then(c => c.addAll(ASSETS))));\n";
        List<String> got = js(sw, SITE + "/sw.js");
        for (String p : Arrays.asList("/workbox-sw.js", "/styles/main.css", "/img/logo.svg", "/offline.html",
                "/index.html", "/assets/index-4f2a.js")) {
            assertTrue(got.contains(SITE + p), p + " in " + got);
        }
        assertEquals(6, got.size(), got.toString());
    }

    @Test
    void noiseIsNotTaken() {
        String noisy = "// load('commented-out.js')\n"
                + "/* import('./block-comment.js') */\n"
                + "var a = 'data:image/png;base64,iVBORw0KGgo=';\n"
                + "var b = 'blob:http://docs.example.org/1f2e.js';\n"
                + "var c = `${base}/templated.js`;\n"
                + "var d = `static/${name}.json`;\n"
                + "var e = /\\.js$/i.test(file) ? 'script' : 'other';\n"
                + "if (/'regex-quoted.js'/.test(s)) { go(); }\n"
                + "var f = 'my file.js', g = 'a\"b.js', h = 'tab\\there.js';\n"
                + "var i = '" + repeat('x', 500) + ".js';\n"
                + "var j = '.js', k = 'application/json', l = 'text/css', m = 'e.g.', n = 'v1.2.3';\n"
                + "var o = 'www.google-analytics.com/analytics.js';\n"
                + "var p = 'javascript:void(0).js', q = 'mailto:x@y.png', r = '*.css', s = '@scope/pkg/index.js';\n"
                + "var t = 'style-loader!./x.css', u = 'https://docs.example.org/{{slug}}.html';\n";
        assertEquals(Collections.emptyList(), js(noisy, SITE + "/noise.js"));
    }

    @Test
    void regexLiteralsDoNotSwallowOrInventStrings() {
        // Taken for a division, the first regex would open a string that hides 'real.json'.
        String s = "var q = /'/g; load('data/real.json'); var r = /'/g; x = a / b / c; y = 'after.css';";
        assertEquals(Arrays.asList("data/real.json", "after.css"), strings(s));
        List<String> got = js(s, SITE + "/x.js");
        assertEquals(Arrays.asList(SITE + "/data/real.json", SITE + "/after.css"), got);
    }

    @Test
    void otherHostsStayAbsoluteForScopeToRefuse() {
        List<String> got = js("load('https://cdn.other.example/lib.js'); load('//docs.example.org/same.js')",
                SITE + "/x.js");
        assertEquals(Arrays.asList("https://cdn.other.example/lib.js", "http://docs.example.org/same.js"), got);
    }

    @Test
    void templatesWithoutSubstitutionEscapesAndJsonKeys() {
        assertEquals(Arrays.asList("static/plain.js", "/a/b.js", "start_url=./"),
                strings("x = `static/plain.js`; y = `${a}-${`${b}`}`; z = '\\/a\\/b.js'; m = {\"start_url\": \"./\"}"));
        assertEquals(Arrays.asList("a.js", "b.js"), strings("c ? \"a.js\" : \"b.js\""), "a ternary's branches are values");
    }

    @Test
    void templateAndNoscriptMarkupKeepsItsLinksDropsPlaceholdersAndReadsDataAttributes() {
        String page = "<html><body><template id=row><img src=\"/img/{{id}}.png\"><img src=\"/img/placeholder.png\">"
                + "<div data-large=\"/img/large.jpg\"></div></template>"
                + "<noscript><img src=\"/img/nojs.gif\"></noscript><img src=\"/img/real.png\"></body></html>";
        ExtractedLinks l = read(page, "text/html", SITE + "/page.html");
        assertEquals(Arrays.asList(SITE + "/img/placeholder.png", SITE + "/img/nojs.gif", SITE + "/img/real.png"),
                l.urls());
        assertEquals(Collections.singletonList(SITE + "/img/large.jpg"), l.speculative());
        ExtractedLinks off = LinkExtractor.extractLinks(page.getBytes(StandardCharsets.UTF_8), "text/html", "/page.html",
                SITE + "/page.html");
        assertTrue(off.speculative().isEmpty());
        assertTrue(off.urls().contains(SITE + "/img/nojs.gif"), "without script links, markup links are as before");
    }

    @Test
    void atMostTheDocumentsAllowance() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            b.append("load('/f/").append(i).append(".js');\n");
        }
        ExtractedLinks l = LinkExtractor.extractLinks(b.toString().getBytes(StandardCharsets.UTF_8),
                "text/javascript", "/x.js", SITE + "/x.js", LinkExtractor.Limits.DEFAULT.withScriptLinks(7));
        assertEquals(7, l.speculative().size());
        assertFalse(LinkExtractor.extractLinks(b.toString().getBytes(StandardCharsets.UTF_8), "text/javascript", "/x.js",
                SITE + "/x.js").speculative().size() > 0, "off by default");
    }

    @Test
    void hostileScriptsAreReadInLinearTime() {
        for (String unit : Arrays.asList("`${", "'", "/", "/*", "{", "}", "\"\\", "`", "a/", "(/[/")) {
            String text = repeat(unit, 2_000_000 / unit.length());
            long t0 = System.nanoTime();
            ExtractedLinks l = read(text, "application/javascript", SITE + "/h.js");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(l.complete(), unit + ": " + l);
            assertTrue(ms < 5000, unit + " took " + ms + " ms");
        }
    }

    private static String repeat(String s, int n) {
        StringBuilder b = new StringBuilder(s.length() * n);
        for (int i = 0; i < n; i++) {
            b.append(s);
        }
        return b.toString();
    }

    private static String repeat(char c, int n) {
        return repeat(String.valueOf(c), n);
    }
}
