package dev.secondaryorigin.it;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.cli.Main;
import dev.secondaryorigin.testing.Nginx;
import dev.secondaryorigin.testing.SiteFiles;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An https origin reached by IP, as a CDN reaches it: the TLS handshake carries the domain as SNI (nginx
 * logs {@code $ssl_server_name}), an untrusted certificate stops the pass with a clear hint, and
 * {@code --insecure-tls} accepts it.
 */
class HttpsOriginTest {
    @Test
    void sniCarriesTheDomainAndUntrustedCertificatesAreExplained() throws Exception {
        Path work = Files.createTempDirectory("https-origin");
        try {
            Path site = work.resolve("site");
            SiteFiles.write(site, "index.html", "<a href=/a.html>a</a>");
            SiteFiles.write(site, "a.html", "<p>secure</p>");
            Path key = work.resolve("key.pem");
            Path cert = work.resolve("cert.pem");
            Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=www.example.com", "-addext", "subjectAltName=DNS:www.example.com",
                    "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("openssl.log").toFile()).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl failed");
            Path sniLog = work.resolve("sni.log");
            try (Nginx nginx = Nginx.start("log_format sni '$ssl_server_name $request_uri';\n"
                    + "server { listen 127.0.0.1:%PORT% ssl; server_name www.example.com;\n"
                    + "  ssl_certificate " + cert + "; ssl_certificate_key " + key + ";\n"
                    + "  access_log " + sniLog + " sni; root " + site + "; }\n")) {
                String origin = "https://127.0.0.1:" + nginx.port() + "/";
                Path report = work.resolve("r.json");

                int code = Main.execute("sync", "--origin", origin, "--domain", "www.example.com", "--target",
                        work.resolve("refused").toString(), "--retries", "0", "--quiet", "--report-json", report.toString());
                assertEquals(1, code);
                String refused = new String(Files.readAllBytes(report), StandardCharsets.UTF_8);
                assertTrue(refused.contains("origin-unhealthy") && refused.contains("--insecure-tls"), refused);

                Path backup = work.resolve("backup");
                code = Main.execute("sync", "--origin", origin, "--domain", "www.example.com", "--target",
                        backup.toString(), "--insecure-tls", "--quiet", "--report-json", report.toString());
                JsonObject r = JsonParser.parseString(new String(Files.readAllBytes(report), StandardCharsets.UTF_8))
                        .getAsJsonObject();
                assertEquals(0, code, r.toString());
                assertEquals("<p>secure</p>", new String(Files.readAllBytes(backup.resolve("a.html")), StandardCharsets.UTF_8));
                List<String> lines = Files.readAllLines(sniLog);
                assertTrue(lines.size() >= 2, lines.toString());
                for (String line : lines) {
                    assertTrue(line.startsWith("www.example.com "), "SNI was not the domain: " + line);
                }
            }
        } finally {
            SiteFiles.deleteTree(work);
        }
    }
}
