package dev.secondaryorigin.it;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.cli.Main;
import dev.secondaryorigin.testing.Nginx;
import dev.secondaryorigin.testing.SiteFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A documentation site whose search index, config, module chunks, web-app manifest icons and service-worker
 * precache list are loaded by script or listed in JSON, never linked from markup, served by a real nginx (with
 * an SPA-style catch-all under /spa/ that answers index.html for anything missing). The mirror holds the
 * script-loaded files byte-identical; noise strings are never requested (nginx's access log); misses are no
 * failure (exit 0) and are not asked again by the next pass; a speculative file that disappears is neither
 * "gone" nor, as a soft 404, a "change" for the soft-failure gate.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScriptLinksMirrorTest {
    static final String DOMAIN = "www.example.com";
    static Path work;
    static Path site;
    static Path backup;
    static Nginx nginx;

    /** Files reachable only through scripts, JSON or template markup. */
    static final List<String> SCRIPT_LOADED = Arrays.asList("searchindex.js", "data/config.json",
            "assets/chunk-abc123.js", "assets/img/chart.svg", "icons/icon-192.png", "icons/icon-512.png",
            "shots/wide.webp", "sw.js", "css/offline.css", "offline.html", "img/logo-dark.png", "spa/real.js",
            "img/row-large.png");
    /** Speculative URLs the origin does not have (or answers with its HTML fallback). */
    static final List<String> MISSES = Arrays.asList("/_static/searchindex.js", "/guide/data/config.json",
            "/chunk-abc123.js", "/img/chart.svg", "/img/missing-precache.png", "/spa/missing.js");
    /** Strings of the site's scripts that must never become a request (as a path fragment of the request line). */
    static final List<String> NOISE = Arrays.asList("lib.js", "base64", "templated", "noise-regex", "analytics.js",
            "my%20file", "my file", "commented-out", "blob", "{{", "%7B");

    @BeforeAll
    static void setUp() throws IOException {
        work = Files.createTempDirectory("script-links");
        site = work.resolve("site");
        backup = work.resolve("backup");
        generate(site);
        nginx = Nginx.start("server { listen 127.0.0.1:%PORT% default_server; return 421; }\n"
                + "server { listen 127.0.0.1:%PORT%; server_name " + DOMAIN + " 127.0.0.1; root " + site.toAbsolutePath()
                + "; index index.html;\n"
                + "  location ~ \\.webmanifest$ { types { } default_type application/manifest+json; }\n"
                + "  location /spa/ { try_files $uri /index.html; } }\n");
    }

    @AfterAll
    static void tearDown() {
        if (nginx != null) {
            nginx.close();
        }
        SiteFiles.deleteTree(work);
    }

    static void generate(Path root) throws IOException {
        SiteFiles.write(root, "index.html", "<!doctype html><html><head><title>Docs</title>\n"
                + "<link rel=\"manifest\" href=\"/site.webmanifest\">\n"
                + "<script id=\"documentation_options\" data-url_root=\"./\" src=\"_static/documentation_options.js\"></script>\n"
                + "<script src=\"_static/searchtools.js\"></script>\n"
                + "<script type=\"module\" src=\"/assets/app.js\"></script>\n"
                + "<script>\n"
                + "  fetch('data/config.json').then(r => r.json()).then(applyTheme);\n"
                + "  if ('serviceWorker' in navigator) { navigator.serviceWorker.register('/sw.js'); }\n"
                + "  // load('commented-out.js')\n"
                + "  var cdn = 'https://cdn.other.example/lib.js', pixel = 'data:image/png;base64,iVBORw0KGgo=';\n"
                + "  var t = `${base}/templated.js`, spaced = 'my file.js', ga = 'www.google-analytics.com/analytics.js';\n"
                + "  var b = 'blob:http://www.example.com/0d1e.js';\n"
                + "  if (/'noise-regex.js'/.test(location.hash)) { t = ''; }\n"
                + "</script></head><body><h1>Docs</h1><a href=\"guide/\">Guide</a>\n"
                + "<template id=\"row\"><img src=\"/img/{{icon}}.png\"><img src=\"/img/row-placeholder.png\" data-large=\"/img/row-large.png\"></template>\n"
                + "</body></html>");
        SiteFiles.write(root, "guide/index.html", "<!doctype html><html><head>"
                + "<script id=\"documentation_options\" data-url_root=\"../\" src=\"../_static/documentation_options.js\"></script>"
                + "<script src=\"../_static/searchtools.js\"></script>"
                + "<script>fetch('data/config.json');</script></head><body><a href=\"../\">home</a></body></html>");
        SiteFiles.write(root, "_static/documentation_options.js", "var DOCUMENTATION_OPTIONS = {\n"
                + "    URL_ROOT: document.getElementById(\"documentation_options\").getAttribute('data-url_root'),\n"
                + "    VERSION: '7.2.6', FILE_SUFFIX: '.html', HAS_SOURCE: true, SOURCELINK_SUFFIX: '.txt'\n};\n");
        SiteFiles.write(root, "_static/searchtools.js", "var Search = {\n"
                + "  loadIndex : function(url) { var s = document.createElement('script'); s.src = url;\n"
                + "    document.body.appendChild(s); },\n"
                + "  setIndex : function(index) { this._index = index; }\n};\n"
                + "document.addEventListener('DOMContentLoaded', function() {\n"
                + "  Search.loadIndex(DOCUMENTATION_OPTIONS.URL_ROOT + 'searchindex.js');\n});\n");
        SiteFiles.write(root, "searchindex.js", "Search.setIndex({\"docnames\": [\"guide/index\", \"index\"], "
                + "\"terms\": {\"mirror\": [0, 1]}, \"titles\": [\"Guide\", \"Docs\"]})");
        SiteFiles.write(root, "assets/app.js", "const routes = { chart: () => import('./chunk-abc123.js') };\n"
                + "const fallback = '/spa/real.js', broken = '/spa/missing.js';\nexport default routes;\n");
        SiteFiles.write(root, "assets/chunk-abc123.js", "export const chart = new URL('img/chart.svg', import.meta.url);\n");
        SiteFiles.write(root, "assets/img/chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"4\" height=\"4\"/></svg>");
        SiteFiles.write(root, "site.webmanifest", "{\n  \"name\": \"Docs\", \"start_url\": \"/?source=pwa\",\n"
                + "  \"icons\": [{\"src\": \"/icons/icon-192.png\", \"sizes\": \"192x192\", \"type\": \"image/png\"},\n"
                + "            {\"src\": \"icons/icon-512.png\", \"sizes\": \"512x512\", \"type\": \"image/png\"}],\n"
                + "  \"screenshots\": [{\"src\": \"/shots/wide.webp\", \"sizes\": \"1280x720\"}]\n}\n");
        SiteFiles.write(root, "icons/icon-192.png", SiteFiles.randomBytes(192, 900));
        SiteFiles.write(root, "icons/icon-512.png", SiteFiles.randomBytes(512, 2400));
        SiteFiles.write(root, "shots/wide.webp", SiteFiles.randomBytes(1280, 5000));
        SiteFiles.write(root, "sw.js", "const CACHE = 'docs-v1';\n"
                + "const PRECACHE = ['/', '/css/offline.css', '/offline.html', '/img/missing-precache.png'];\n"
                + "self.addEventListener('install', e => e.waitUntil(caches.open(CACHE).then(c => c.addAll(PRECACHE))));\n");
        SiteFiles.write(root, "css/offline.css", "body{font-family:serif}");
        SiteFiles.write(root, "offline.html", "<!doctype html><p>You are offline.</p>");
        SiteFiles.write(root, "data/config.json", "{\"theme\": \"dark\", \"logo\": \"/img/logo-dark.png\"}");
        SiteFiles.write(root, "img/logo-dark.png", SiteFiles.randomBytes(42, 1500));
        SiteFiles.write(root, "img/row-placeholder.png", SiteFiles.randomBytes(43, 300));
        SiteFiles.write(root, "img/row-large.png", SiteFiles.randomBytes(44, 3000));
        SiteFiles.write(root, "spa/real.js", "console.log('real');\n");
    }

    private static JsonObject sync(String target, int expectedExit, String... extra) throws IOException {
        Path report = work.resolve("report.json");
        Files.deleteIfExists(report);
        List<String> args = new ArrayList<>(Arrays.asList("sync", "--origin", nginx.url(), "--domain", DOMAIN,
                "--target", target, "--report-json", report.toString(), "--quiet", "--max-revisit", "0"));
        args.addAll(Arrays.asList(extra));
        int code = Main.execute(args.toArray(new String[0]));
        JsonObject r = JsonParser.parseString(new String(Files.readAllBytes(report), StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals(expectedExit, code, "exit code; report: " + r);
        return r;
    }

    /** The paths of the GET requests nginx logged from line {@code from} on. */
    private static List<String> requestedSince(long from) throws IOException {
        try (java.util.stream.Stream<String> lines = Files.lines(nginx.accessLog())) {
            return lines.skip(from).map(l -> {
                int q = l.indexOf('"');
                String[] req = l.substring(q + 1, l.indexOf('"', q + 1)).split(" ");
                return req.length > 1 ? req[1] : "";
            }).collect(Collectors.toList());
        }
    }

    private static long count(List<String> requested, String path) {
        return requested.stream().filter(path::equals).count();
    }

    private static JsonObject speculative(JsonObject r) {
        return r.getAsJsonObject("speculative");
    }

    @Test
    @Order(1)
    void scriptLoadedFilesAreMirroredByteIdenticalAndMissesAreNoFailure() throws IOException {
        JsonObject r = sync(backup.toString(), 0);
        assertEquals(0, r.getAsJsonObject("failed").get("total").getAsLong(), r.toString());
        List<String> mirrored = SiteFiles.list(backup, false);
        assertTrue(mirrored.contains("img/row-placeholder.png"), "a template's plain URL is a link");
        for (String f : SCRIPT_LOADED) {
            assertTrue(mirrored.contains(f), f + " is in the backup: " + mirrored);
        }
        assertEquals(Collections.emptyList(), SiteFiles.differing(site, backup, SCRIPT_LOADED), "differing files");
        assertFalse(mirrored.contains("spa/missing.js"), "a soft 404 (HTML for a .js) is not stored");
        List<String> requested = requestedSince(0);
        for (String miss : MISSES) {
            assertEquals(1, count(requested, miss), miss + " asked once: " + requested);
        }
        for (String noise : NOISE) {
            for (String req : requested) {
                assertFalse(req.contains(noise), "noise \"" + noise + "\" was requested: " + req);
            }
        }
        JsonObject sp = speculative(r);
        assertEquals(MISSES.size(), sp.get("missed").getAsLong(), r.toString());
        // SCRIPT_LOADED minus the files also reached as links of a speculative document (the chunk's svg is a
        // string too; config.json's logo is one; offline.html is HTML whose own links are links).
        assertEquals(SCRIPT_LOADED.size(), sp.get("found").getAsLong(), r.toString());
        assertEquals(sp.get("found").getAsLong() + sp.get("missed").getAsLong(), sp.get("tried").getAsLong());
        assertEquals(r.get("requests").getAsLong(), requested.size(), "every request is counted");
    }

    @Test
    @Order(2)
    void theNextPassDoesNotAskForTheMissesAgain() throws IOException {
        long before = nginx.accessLogLines();
        JsonObject r = sync(backup.toString(), 0);
        List<String> requested = requestedSince(before);
        for (String miss : MISSES) {
            assertEquals(0, count(requested, miss), miss + " is resting: " + requested);
        }
        for (String f : SCRIPT_LOADED) {
            assertEquals(1, count(requested, "/" + f), f + " is revalidated: " + requested);
        }
        assertEquals(0, r.get("stored").getAsLong(), r.toString());
        assertEquals(0, r.getAsJsonObject("failed").get("total").getAsLong(), r.toString());
        assertEquals(0, speculative(r).get("missed").getAsLong(), r.toString());
        assertEquals(SCRIPT_LOADED.size(), speculative(r).get("found").getAsLong(), r.toString());
    }

    @Test
    @Order(3)
    void aSpeculativeFileThatDisappearsIsNeitherGoneNorAChangeForTheGate() throws IOException {
        byte[] realJs = Files.readAllBytes(site.resolve("spa/real.js"));
        byte[] config = Files.readAllBytes(site.resolve("data/config.json"));
        Files.delete(site.resolve("spa/real.js"));       // now the SPA fallback answers index.html: a soft 404
        Files.delete(site.resolve("data/config.json"));  // now a plain 404
        JsonObject r = sync(backup.toString(), 0, "--gate-min-objects", "1");
        JsonObject gate = r.getAsJsonObject("gate");
        assertEquals("pass", gate.get("verdict").getAsString(), r.toString());
        assertEquals(0, gate.get("gone").getAsLong(), r.toString());
        assertEquals(0, gate.get("changed").getAsLong(), r.toString());
        assertEquals(0, gate.get("becameHtml").getAsLong(), r.toString());
        assertEquals(0, r.getAsJsonObject("failed").get("total").getAsLong(), r.toString());
        assertEquals(2, speculative(r).get("missed").getAsLong(), r.toString());
        assertArrayEquals(realJs, Files.readAllBytes(backup.resolve("spa/real.js")), "the stored copy is kept");
        assertArrayEquals(config, Files.readAllBytes(backup.resolve("data/config.json")), "the stored copy is kept");
    }

    @Test
    @Order(4)
    void missesAreAskedAgainOnTheirScheduleAndNotAtAllWithNoScriptLinks() throws IOException {
        long before = nginx.accessLogLines();
        sync(backup.toString(), 0, "--script-links-recheck-days", "0");
        List<String> requested = requestedSince(before);
        for (String miss : MISSES) {
            assertEquals(1, count(requested, miss), miss + " asked again when due: " + requested);
        }

        Path off = work.resolve("off");
        before = nginx.accessLogLines();
        JsonObject r = sync(off.toString(), 0, "--no-script-links");
        List<String> mirrored = SiteFiles.list(off, false);
        assertEquals(Arrays.asList("_static/documentation_options.js", "_static/searchtools.js", "assets/app.js",
                "guide/index.html", "img/row-placeholder.png", "index.html", "site.webmanifest"), mirrored,
                "only markup links (template markup included, as before)");
        assertEquals(0, speculative(r).get("tried").getAsLong());
        assertEquals(r.get("requests").getAsLong(), requestedSince(before).size());
    }

    @Test
    @Order(5)
    void aPassTakesAtMostItsAllowanceOfSpeculativeUrls() throws IOException {
        long before = nginx.accessLogLines();
        JsonObject r = sync(work.resolve("bounded").toString(), 0, "--script-links-per-pass", "3",
                "--script-links-per-document", "1");
        JsonObject sp = speculative(r);
        assertEquals(3, sp.get("queued").getAsLong(), r.toString());
        assertEquals(3, sp.get("tried").getAsLong(), r.toString());
        JsonObject reasons = r.getAsJsonObject("skipped").getAsJsonObject("reasons");
        assertTrue(reasons.has("speculative-pass-limit") && reasons.has("script-links-document-limit"), r.toString());
        assertEquals(r.get("requests").getAsLong(), requestedSince(before).size());
    }
}
