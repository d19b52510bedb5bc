package dev.secondaryorigin.it;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.cli.Main;
import dev.secondaryorigin.store.LocalStore;
import dev.secondaryorigin.store.ObjectMeta;
import dev.secondaryorigin.testing.Nginx;
import dev.secondaryorigin.testing.SiteFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A generated site served by a real nginx, mirrored through the CLI: byte-identical objects with the
 * origin's Content-Type, an unchanged second pass that downloads no body and stores nothing, and a
 * pass after changing three files that stores exactly those three.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NginxMirrorTest {
    static Path site;
    static Path backup;
    static Path work;
    static Nginx nginx;
    static final List<String> UNLINKED = Arrays.asList("orphan.html", "img/unused.png");

    @BeforeAll
    static void setUp() throws IOException {
        work = Files.createTempDirectory("mirror-test");
        site = work.resolve("site");
        backup = work.resolve("backup");
        generate(site);
        nginx = Nginx.serveStatic(site, "www.example.com");
    }

    @AfterAll
    static void tearDown() {
        if (nginx != null) {
            nginx.close();
        }
        SiteFiles.deleteTree(work);
    }

    /** ~250 files: sections of pages, shared CSS/JS/fonts, images, UTF-8 and space names, a 3 MiB file. */
    static void generate(Path root) throws IOException {
        StringBuilder home = new StringBuilder("<!doctype html><html><head><title>Home</title>"
                + "<link rel=stylesheet href=/css/main.css><script src=/js/app.js></script></head><body>");
        for (int s = 0; s < 8; s++) {
            home.append("<a href=\"/s").append(s).append("/\">section ").append(s).append("</a>\n");
            StringBuilder sec = new StringBuilder("<html><head><link rel=stylesheet href=\"../css/main.css\"></head><body>");
            for (int p = 0; p < 20; p++) {
                sec.append("<a href=\"p").append(p).append(".html\">page</a>");
                SiteFiles.write(root, "s" + s + "/p" + p + ".html", "<html><head><title>p" + p + "</title>"
                        + "<link rel=stylesheet href=/css/main.css></head><body><h1>Section " + s + " page " + p + "</h1>"
                        + "<img src=\"../img/i" + s + "-" + p + ".png\" alt=\"\"><a href=\"../\">home</a>"
                        + "<a href=\"/s" + ((s + 1) % 8) + "/p" + p + ".html\">next</a></body></html>");
                SiteFiles.write(root, "img/i" + s + "-" + p + ".png", SiteFiles.randomBytes(s * 100 + p, 500 + p * 37));
            }
            SiteFiles.write(root, "s" + s + "/index.html", sec.append("</body></html>").toString());
        }
        home.append("<a href=\"/%E6%96%87%E6%A1%A3/%E8%AF%B4%E6%98%8E.html\">doc</a>")
                .append("<a href=\"/files/a b.html\">spaced</a><a href=\"/files/big.bin\">big</a>")
                .append("<a href=\"/docs/manual.pdf\">pdf</a><a href=\"https://elsewhere.example.org/\">off-site</a>")
                .append("<a href=\"http://169.254.169.254/latest/meta-data/\">metadata</a>")
                .append("<img srcset=\"/img/r1.png 1x, /img/r2.png 2x\" src=\"/img/r1.png\"></body></html>");
        SiteFiles.write(root, "index.html", home.toString());
        SiteFiles.write(root, "css/main.css", "@import url(\"theme.css\");\n@font-face{font-family:X;src:url('../fonts/x.woff2')}\n"
                + "body{background:url(../img/bg.png)}");
        SiteFiles.write(root, "css/theme.css", "h1{background-image:url( \"/img/h1.png\" )}");
        SiteFiles.write(root, "js/app.js", "console.log('hi');");
        SiteFiles.write(root, "fonts/x.woff2", SiteFiles.randomBytes(7, 3000));
        for (String img : Arrays.asList("img/bg.png", "img/h1.png", "img/r1.png", "img/r2.png", "img/unused.png")) {
            SiteFiles.write(root, img, SiteFiles.randomBytes(img.hashCode(), 1200));
        }
        SiteFiles.write(root, "文档/说明.html", "<html><body>中文页面 <a href=\"../files/a%20b.html\">x</a></body></html>");
        SiteFiles.write(root, "files/a b.html", "<html><body>space</body></html>");
        SiteFiles.write(root, "files/big.bin", SiteFiles.randomBytes(99, 3 << 20));
        SiteFiles.write(root, "docs/manual.pdf", SiteFiles.randomBytes(5, 20_000));
        SiteFiles.write(root, "orphan.html", "<html>nobody links here</html>");
    }

    private static JsonObject sync(String... extra) throws IOException {
        Path report = work.resolve("report.json");
        Files.deleteIfExists(report);
        List<String> args = new ArrayList<>(Arrays.asList("sync", "--origin", nginx.url(), "--domain", "www.example.com",
                "--target", backup.toString(), "--report-json", report.toString(), "--quiet", "--max-revisit", "0"));
        args.addAll(Arrays.asList(extra));
        int code = Main.execute(args.toArray(new String[0]));
        JsonObject r = JsonParser.parseString(new String(Files.readAllBytes(report), StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals(0, code, "exit code; report: " + r);
        return r;
    }

    private static String originContentType(String rel) throws IOException {
        String encoded = rel.equals("文档/说明.html") ? "%E6%96%87%E6%A1%A3/%E8%AF%B4%E6%98%8E.html" : rel.replace(" ", "%20");
        HttpURLConnection c = (HttpURLConnection) new URL(nginx.url() + encoded).openConnection();
        c.setRequestMethod("HEAD");
        c.setRequestProperty("Host", "www.example.com");
        assertEquals(200, c.getResponseCode(), rel);
        return c.getContentType();
    }

    @Test
    @Order(1)
    void firstPassMirrorsEveryLinkedFileByteIdenticalWithTheOriginsContentType() throws IOException {
        JsonObject r = sync();
        List<String> expected = new ArrayList<>(SiteFiles.list(site, false));
        expected.removeAll(UNLINKED);
        List<String> got = SiteFiles.list(backup, false);
        assertEquals(expected, got, "mirrored files");
        assertEquals(Collections.emptyList(), SiteFiles.differing(site, backup, expected), "files that differ");
        LocalStore store = new LocalStore(backup);
        for (String rel : expected) {
            ObjectMeta m = store.head(rel).get();
            assertEquals(originContentType(rel), m.contentType(), rel);
            assertEquals(Files.size(site.resolve(rel)), m.size(), rel);
            assertTrue(m.userMeta().get(ObjectMeta.ORIGIN_ETAG) != null, rel);
        }
        assertEquals(expected.size(), r.get("stored").getAsLong());
        assertTrue(r.get("complete").getAsBoolean());
        assertTrue(r.getAsJsonObject("skipped").getAsJsonObject("reasons").get("off-site").getAsLong() >= 2, r.toString());
        assertFalse(Files.exists(backup.resolve("orphan.html")));
    }

    @Test
    @Order(2)
    void unchangedSecondPassDownloadsNoBodyAndStoresNothing() throws IOException {
        long before = nginx.accessLogLines();
        JsonObject r = sync();
        assertEquals(0, r.get("fetched").getAsLong(), r.toString());
        assertEquals(0, r.get("stored").getAsLong(), r.toString());
        assertEquals(0, r.get("bytesFetched").getAsLong(), r.toString());
        assertEquals(r.get("discovered").getAsLong(), r.get("notModified").getAsLong() + r.getAsJsonObject("failed")
                .get("total").getAsLong() + r.getAsJsonObject("skipped").getAsJsonObject("reasons").entrySet().stream()
                .filter(e -> e.getKey().startsWith("absent")).mapToLong(e -> e.getValue().getAsLong()).sum(), r.toString());
        long requests = nginx.accessLogLines() - before;
        assertEquals(r.get("requests").getAsLong(), requests, "requests counted in the report = requests nginx served");
    }

    @Test
    @Order(3)
    void afterChangingThreeFilesOnlyThoseThreeAreStored() throws IOException {
        List<String> changed = Arrays.asList("s3/p7.html", "css/theme.css", "img/i1-2.png");
        for (String c : changed) {
            SiteFiles.change(site.resolve(c), "/* changed */");
        }
        JsonObject r = sync();
        assertEquals(3, r.get("stored").getAsLong(), r.toString());
        assertEquals(3, r.get("fetched").getAsLong(), r.toString());
        List<String> expected = new ArrayList<>(SiteFiles.list(site, false));
        expected.removeAll(UNLINKED);
        assertEquals(Collections.emptyList(), SiteFiles.differing(site, backup, expected));
    }

    @Test
    @Order(4)
    void resourceTypesStoreOnlyTheChosenTypesButStillFollowLinks() throws IOException {
        Path only = work.resolve("images-only");
        Path report = work.resolve("images.json");
        int code = Main.execute("sync", "--origin", nginx.url(), "--domain", "www.example.com", "--target", only.toString(),
                "--resource-types", "image", "--report-json", report.toString(), "--quiet");
        assertEquals(0, code);
        List<String> got = SiteFiles.list(only, false);
        assertFalse(got.isEmpty());
        for (String k : got) {
            assertTrue(k.startsWith("img/"), "only images stored, got " + k);
        }
        assertTrue(got.contains("img/i7-19.png"), "images linked only from deep pages are found: " + got.size());
        assertTrue(got.contains("img/h1.png"), "images linked only from CSS imported by CSS are found");
    }

    @Test
    @Order(5)
    void requestsCarryTheDomainAsHost() throws IOException {
        // nginx answers 421 to any Host but www.example.com and 127.0.0.1; a task whose domain is another
        // name must therefore fail, which proves the Host header is what the engine sends.
        Path other = work.resolve("other-host");
        Path report = work.resolve("other.json");
        int code = Main.execute("sync", "--origin", nginx.url(), "--domain", "wrong.example.net", "--target",
                other.toString(), "--quiet", "--retries", "0", "--report-json", report.toString());
        assertEquals(1, code);
        String r = new String(Files.readAllBytes(report), StandardCharsets.UTF_8);
        assertTrue(r.contains("origin-unhealthy") && r.contains("answered 421") && r.contains("wrong.example.net"), r);
        assertEquals(Collections.emptyList(), SiteFiles.list(other, false));
    }
}
