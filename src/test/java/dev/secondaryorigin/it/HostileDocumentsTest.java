package dev.secondaryorigin.it;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.cli.Main;
import dev.secondaryorigin.testing.Nginx;
import dev.secondaryorigin.testing.SiteFiles;
import org.junit.jupiter.api.Test;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8, "no document can stop a pass", against a real nginx: a site whose home page links to
 * documents built to break a parser (megabyte-long quoted CSS values, minified one-line files, HTML
 * nested 100 000 deep, a 50 MiB page, an SVG billion-laughs, sitemaps with external entities, malformed
 * UTF-8, a bogus charset). The pass completes and backs up every file byte for byte; no entity is
 * resolved: the secret file's contents appear nowhere, and the host the entities name gets no request.
 */
class HostileDocumentsTest {
    private static final String DOMAIN = "www.example.com";

    @Test
    void hostileDocumentsAreBackedUpAndTheirLinksRead() throws Exception {
        Path work = Files.createTempDirectory("hostile-docs");
        try (Nginx elsewhere = Nginx.start("server { listen 127.0.0.1:%PORT%; return 404; }\n")) {
            Path site = work.resolve("site");
            Path secret = work.resolve("secret.txt");
            String marker = "MARKER-" + UUID.randomUUID();
            Files.write(secret, ("root:x:0:0:" + marker + ":/root:/bin/sh\n").getBytes(StandardCharsets.UTF_8));
            List<String> reachedThroughHostile = generate(site, secret, "http://127.0.0.1:" + elsewhere.port() + "/");

            try (Nginx nginx = Nginx.start("server { listen 127.0.0.1:%PORT%; server_name " + DOMAIN + "; root "
                    + site.toAbsolutePath() + "; index index.html;\n"
                    + "  location = /wrong-charset.html { types { } default_type \"text/html; charset=bogus-charset\"; }\n"
                    + "}\n")) {
                Path backup = work.resolve("backup");
                Path report = work.resolve("report.json");
                long started = System.nanoTime();
                int code = Main.execute("sync", "--origin", nginx.url(), "--domain", DOMAIN, "--target",
                        backup.toString(), "--quiet", "--report-json", report.toString());
                long seconds = (System.nanoTime() - started) / 1_000_000_000L;
                String reportText = new String(Files.readAllBytes(report), StandardCharsets.UTF_8);
                JsonObject r = JsonParser.parseString(reportText).getAsJsonObject();
                assertEquals(0, code, "exit code; report: " + r);
                assertTrue(r.get("complete").getAsBoolean(), r.toString());
                assertEquals(0, r.getAsJsonObject("failed").get("total").getAsInt(), r.toString());
                assertTrue(seconds < 60, "the pass took " + seconds + " s");

                List<String> files = SiteFiles.list(site, false);
                assertEquals(Collections.emptyList(), SiteFiles.differing(site, backup, files),
                        "missing or different in the backup; report: " + r);
                List<String> stored = SiteFiles.list(backup, false);
                for (String rel : reachedThroughHostile) {
                    assertTrue(stored.contains(rel), rel + " (linked only from a hostile document) in " + stored);
                }

                // No entity was resolved: the secret is nowhere, and its other host got no request.
                for (String rel : SiteFiles.list(backup, true)) {
                    assertFalse(contains(readMaybeGzip(backup.resolve(rel)), marker), "the secret leaked into " + rel);
                }
                assertFalse(reportText.contains(marker), "the secret leaked into the report");
                assertEquals(0, elsewhere.accessLogLines(), "an external entity was fetched");
            }
        } finally {
            SiteFiles.deleteTree(work);
        }
    }

    /** Writes the site; returns files linked only from inside a hostile document (proof it was read). */
    private static List<String> generate(Path site, Path secret, String elsewhere) throws IOException {
        List<String> reached = new ArrayList<>();
        StringBuilder home = new StringBuilder("<!doctype html><html><head><title>Hostile</title>"
                + "<link rel=stylesheet href=/css/data-double.css><link rel=stylesheet href=/css/data-single.css>"
                + "<link rel=stylesheet href=/css/data-unquoted.css><link rel=stylesheet href=/css/min.css>"
                + "<script src=/js/min.js></script></head><body><img src=/img/logo.png>"
                + "<a href=/about.html>about</a><a href=/deep.html>deep</a><a href=/huge.html>huge</a>"
                + "<img src=/laughs.svg><a href=/bad-utf8.html>bad</a><a href=/wrong-charset.html>charset</a></body></html>");
        SiteFiles.write(site, "index.html", home.toString());
        SiteFiles.write(site, "about.html", "<html><body><h1>About</h1><img src=img/team.png></body></html>");
        SiteFiles.write(site, "img/logo.png", SiteFiles.randomBytes(1, 2000));
        SiteFiles.write(site, "img/team.png", SiteFiles.randomBytes(2, 3000));

        // A 2 MiB data: URL in each quoting style, with a real link after it.
        String twoMiB = repeat("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk", (2 << 20) / 60);
        String[][] quotings = {{"double", "\""}, {"single", "'"}, {"unquoted", ""}};
        for (String[] q : quotings) {
            SiteFiles.write(site, "css/data-" + q[0] + ".css", ".hero{background:url(" + q[1] + "data:image/png;base64,"
                    + twoMiB + q[1] + ")}\n.after{background:url(" + q[1] + "../img/after-" + q[0] + ".png" + q[1] + ")}\n");
            SiteFiles.write(site, "img/after-" + q[0] + ".png", SiteFiles.randomBytes(q[0].hashCode(), 700));
            reached.add("img/after-" + q[0] + ".png");
        }

        // 1 MiB minified CSS and JS, each one line.
        StringBuilder css = new StringBuilder();
        for (int i = 0; css.length() < (1 << 20); i++) {
            css.append(".c").append(i).append("{background:url(/img/sprite-").append(i % 3).append(".png) -")
                    .append(i % 97).append("px 0;color:#").append(Integer.toHexString(0x100 + (i & 0xeff))).append('}');
        }
        SiteFiles.write(site, "css/min.css", css.toString());
        for (int i = 0; i < 3; i++) {
            SiteFiles.write(site, "img/sprite-" + i + ".png", SiteFiles.randomBytes(10 + i, 900));
            reached.add("img/sprite-" + i + ".png");
        }
        StringBuilder js = new StringBuilder("!function(){");
        for (int i = 0; js.length() < (1 << 20); i++) {
            js.append("var a").append(i).append("=\"url(/js/not-a-link-").append(i).append(".png)\"+(function(x){return x*")
                    .append(i).append("})(").append(i).append(");");
        }
        SiteFiles.write(site, "js/min.js", js.append("}();").toString());

        // HTML nested 100 000 elements deep, with a link at the bottom.
        SiteFiles.write(site, "deep.html", "<!doctype html><html><body>" + repeat("<div>", 100_000)
                + "<a href=/deep-target.html>bottom</a>" + repeat("</div>", 100_000) + "</body></html>");
        SiteFiles.write(site, "deep-target.html", "<p>found at the bottom</p>");
        reached.add("deep-target.html");

        // A 50 MiB page (stored, not read for links).
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(site.resolve("huge.html")), 1 << 16)) {
            out.write("<!doctype html><html><body>\n".getBytes(StandardCharsets.UTF_8));
            byte[] line = "<p class=row><a href=\"/about.html\">about</a> Lorem ipsum dolor sit amet, consectetur.</p>\n"
                    .getBytes(StandardCharsets.UTF_8);
            for (long n = 0; n < (50L << 20); n += line.length) {
                out.write(line);
            }
            out.write("</body></html>\n".getBytes(StandardCharsets.UTF_8));
        }

        // Billion laughs in an SVG, with external entities as well, and a real link.
        SiteFiles.write(site, "laughs.svg", laughs("svg", secret, elsewhere)
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"10\" height=\"10\">"
                + "<text>&lol9;&secret;&remote;</text><image xlink:href=\"/img/from-svg.png\" width=\"1\" height=\"1\"/></svg>\n");
        SiteFiles.write(site, "img/from-svg.png", SiteFiles.randomBytes(3, 800));
        reached.add("img/from-svg.png");

        // Sitemaps named by robots.txt: external entities (a local file, another host) and billion laughs.
        SiteFiles.write(site, "robots.txt", "User-agent: *\nDisallow:\nSitemap: http://" + DOMAIN + "/sitemap-xxe.xml\n"
                + "Sitemap: http://" + DOMAIN + "/sitemap-laughs.xml\n");
        String urlset = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                + "<url><loc>http://" + DOMAIN + "/about.html?&secret;</loc></url>"
                + "<url><loc>http://" + DOMAIN + "/about.html?&remote;</loc></url>"
                + "<url><loc>http://" + DOMAIN + "/about.html</loc></url></urlset>\n";
        SiteFiles.write(site, "sitemap-xxe.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE urlset [\n"
                + "<!ENTITY secret SYSTEM \"" + secret.toUri() + "\">\n<!ENTITY remote SYSTEM \"" + elsewhere + "entity\">\n"
                + "<!ENTITY % dtd SYSTEM \"" + elsewhere + "param.dtd\">\n%dtd;\n]>\n" + urlset);
        SiteFiles.write(site, "sitemap-laughs.xml", laughs("urlset", secret, elsewhere)
                + urlset.replace("?&secret;", "?&lol9;"));

        // Malformed UTF-8, and a page served with a charset nobody knows.
        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        bad.write("<!doctype html><html><head><meta charset=utf-8></head><body>caf".getBytes(StandardCharsets.UTF_8));
        bad.write(new byte[]{(byte) 0xc3, (byte) 0x28, (byte) 0xe2, (byte) 0x82, (byte) 0xff, (byte) 0xfe, (byte) 0xf0, (byte) 0x80});
        bad.write("<img src=/img/from-bad-utf8.png></body></html>".getBytes(StandardCharsets.UTF_8));
        SiteFiles.write(site, "bad-utf8.html", bad.toByteArray());
        SiteFiles.write(site, "img/from-bad-utf8.png", SiteFiles.randomBytes(4, 600));
        reached.add("img/from-bad-utf8.png");
        SiteFiles.write(site, "wrong-charset.html", "<html><body>\u00e9t\u00e9 <img src=/img/from-wrong-charset.png></body></html>");
        SiteFiles.write(site, "img/from-wrong-charset.png", SiteFiles.randomBytes(5, 600));
        reached.add("img/from-wrong-charset.png");
        return reached;
    }

    /** A DOCTYPE with ten levels of ten entity references each (10^9 "lol"s), plus external entities. */
    private static String laughs(String root, Path secret, String elsewhere) {
        StringBuilder d = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE " + root + " [\n<!ENTITY lol0 \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            d.append("<!ENTITY lol").append(i).append(" \"").append(repeat("&lol" + (i - 1) + ";", 10)).append("\">\n");
        }
        return d.append("<!ENTITY secret SYSTEM \"").append(secret.toUri()).append("\">\n<!ENTITY remote SYSTEM \"")
                .append(elsewhere).append("laughs\">\n]>\n").toString();
    }

    private static String repeat(String s, int n) {
        StringBuilder b = new StringBuilder(s.length() * n);
        for (int i = 0; i < n; i++) {
            b.append(s);
        }
        return b.toString();
    }

    private static byte[] readMaybeGzip(Path p) throws IOException {
        byte[] b = Files.readAllBytes(p);
        if (b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
                return in.readAllBytes();
            } catch (IOException e) {
                return b;
            }
        }
        return b;
    }

    private static boolean contains(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
