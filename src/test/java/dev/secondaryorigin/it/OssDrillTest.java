package dev.secondaryorigin.it;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.fc.LocalContext;
import dev.secondaryorigin.fc.SyncFunction;
import dev.secondaryorigin.testing.Nginx;
import dev.secondaryorigin.testing.SiteFiles;
import dev.secondaryorigin.testing.oss.EmulatedBucket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The failover drill through the OSS emulator's anonymous (website) port: a public-read bucket with the index rules
 * {@code prepare-bucket} sets, the site mirrored into it from a real nginx, the origin stopped. The CLI's
 * {@code drill} and the function's {@code drill} action (direct invoke and {@code GET /drill}) reach the bucket as a
 * CDN's back-to-origin request does: unsigned, with the bucket's domain as Host.
 */
class OssDrillTest {
    static final String BUCKET = "drill-backup";

    Path work;
    Path site;
    Nginx primary;
    OssBackup oss;
    EmulatedBucket bucket;

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createTempDirectory("oss-drill");
        site = work.resolve("site");
        DrillTest.generate(site);
        primary = DrillTest.startOrigin(site);
        oss = OssBackup.start();
        bucket = oss.oss.createBucket(BUCKET).publicRead(true);
        OssBackup.CliRun prepare = OssBackup.CliRun.run(OssBackup.env(), new String[]{"prepare-bucket",
                "--target", oss.target(BUCKET), "--oss-endpoint", oss.oss.endpoint()}, null);
        assertEquals(0, prepare.code, prepare.toString());
        OssBackup.CliRun sync = oss.sync(primary.url(), BUCKET, work, "--entry", "/", "--entry", "/dirs.html");
        assertEquals(0, sync.code, sync.toString());
        primary.stop();
    }

    @AfterEach
    void tearDown() {
        if (primary != null) {
            primary.close();
        }
        if (oss != null) {
            oss.close();
        }
        SiteFiles.deleteTree(work);
    }

    private OssBackup.CliRun drill(String... extra) throws IOException {
        Path report = work.resolve("drill-" + System.nanoTime() + ".json");
        List<String> args = new ArrayList<>(List.of("drill", "--target", oss.target(BUCKET), "--oss-endpoint",
                oss.oss.endpoint(), "--report-json", report.toString()));
        args.addAll(List.of(extra));
        return OssBackup.CliRun.run(OssBackup.env(), args.toArray(new String[0]), report);
    }

    @Test
    void theBucketsWebsiteAnswersEveryUrlAsTheOriginDidAndADeletedObjectIsAMiss() throws Exception {
        oss.oss.requests().clear();
        OssBackup.CliRun r = drill();
        DrillTest.assertAllReady(r, "pages", "assets", "redirects", "directories", "query-strings");
        String bucketHost = BUCKET + ".oss-" + oss.oss.region() + ".aliyuncs.com";
        assertEquals(oss.oss.endpoint() + "/", r.report.get("via").getAsString(), r.toString());
        assertEquals(bucketHost, r.report.get("host").getAsString());
        assertFalse(r.report.get("servedInProcess").getAsBoolean());
        long anonymous = oss.oss.requests().count(e -> e.anonymous() && e.bucket().equals(BUCKET));
        assertEquals(r.report.get("tried").getAsLong(), anonymous, "every drill request was an anonymous read");

        // The same through an explicit website endpoint and Host, as a user points it at an edge or a gateway.
        OssBackup.CliRun explicit = drill("--via", oss.oss.endpoint(), "--host", bucketHost, "--sample", "40");
        assertEquals(0, explicit.code, explicit.toString());

        try (dev.secondaryorigin.store.OssStore store = oss.store(BUCKET)) {
            store.delete("img/i0-0.png");
        }
        OssBackup.CliRun damaged = drill("--json");
        assertEquals(1, damaged.code, damaged.toString());
        assertEquals(1, damaged.report.getAsJsonArray("misses").size(), damaged.toString());
        JsonObject miss = damaged.report.getAsJsonArray("misses").get(0).getAsJsonObject();
        assertEquals("/img/i0-0.png", miss.get("url").getAsString());
        assertEquals(404, miss.get("status").getAsInt());
        assertEquals("not-found", miss.get("miss").getAsString());
    }

    @Test
    void throughANginxEdgeWithTheDomainAsHostTheFailedOverSiteIsReady() throws Exception {
        int backupPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            backupPort = free.getLocalPort();
        }
        // The edge of OssFailoverTest: the stopped primary first, the bucket (anonymous, its own Host) as backup;
        // it answers only requests for the domain, as a CDN node does.
        try (Nginx edge = Nginx.start("upstream origin_pool {\n"
                + "  server 127.0.0.1:" + primary.port() + " max_fails=1 fail_timeout=60s;\n"
                + "  server 127.0.0.1:" + backupPort + " backup;\n"
                + "}\n"
                + "server { listen 127.0.0.1:%PORT% default_server; return 421; }\n"
                + "server {\n"
                + "  listen 127.0.0.1:%PORT%;\n"
                + "  server_name " + OssBackup.DOMAIN + ";\n"
                + "  location / {\n"
                + "    proxy_pass http://origin_pool;\n"
                + "    proxy_set_header Host " + OssBackup.DOMAIN + ";\n"
                + "    proxy_next_upstream error timeout http_502 http_503 http_504;\n"
                + "    proxy_connect_timeout 2s;\n"
                + "  }\n"
                + "}\n"
                + "server {\n"
                + "  listen 127.0.0.1:" + backupPort + ";\n"
                + "  location / {\n"
                + "    proxy_pass http://127.0.0.1:" + oss.oss.port() + ";\n"
                + "    proxy_set_header Host " + oss.target(BUCKET) + ";\n"
                + "  }\n"
                + "}\n")) {
            OssBackup.CliRun wrongHost = drill("--via", edge.url(), "--sample", "10");
            assertEquals(1, wrongHost.code, "the edge refuses a request without the domain: " + wrongHost);
            OssBackup.CliRun r = drill("--via", edge.url(), "--host", OssBackup.DOMAIN);
            DrillTest.assertAllReady(r, "pages", "assets", "redirects", "directories", "query-strings");
            assertEquals(OssBackup.DOMAIN, r.report.get("host").getAsString());
        }
    }

    private Map<String, String> functionEnv() {
        Map<String, String> env = new HashMap<>(OssBackup.env());
        env.put("ORIGIN", "http://127.0.0.1:1/");
        env.put("DOMAIN", OssBackup.DOMAIN);
        env.put("SECONDARY_ORIGIN", oss.target(BUCKET));
        env.put("OSS_ENDPOINT", oss.oss.endpoint());
        env.put("HTTP_AUTH_TYPE", "function");
        return env;
    }

    private static JsonObject invoke(SyncFunction fn, String event, List<String> logs) throws IOException {
        return JsonParser.parseString(new String(fn.invoke(event.getBytes(StandardCharsets.UTF_8),
                new LocalContext("drill", 300_000, new HashMap<>(), logs::add)), StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static String httpGet(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        JsonObject query = new JsonObject();
        if (q >= 0) {
            String[] kv = pathAndQuery.substring(q + 1).split("=", 2);
            query.addProperty(kv[0], kv[1]);
        }
        return "{\"version\":\"v1\",\"rawPath\":\"" + path + "\",\"headers\":{},\"queryParameters\":" + query
                + ",\"body\":\"\",\"isBase64Encoded\":false,\"requestContext\":{\"requestId\":\"r1\","
                + "\"http\":{\"method\":\"GET\",\"path\":\"" + path + "\",\"sourceIp\":\"127.0.0.1\"}}}";
    }

    @Test
    void theFunctionDrillsTheBucketOnInvokeAndOverHttpWithABoundedSample() throws Exception {
        List<String> logs = new ArrayList<>();
        SyncFunction fn = new SyncFunction(functionEnv());

        JsonObject all = invoke(fn, "{\"action\":\"drill\",\"all\":true}", logs);
        assertEquals("ready", all.get("result").getAsString(), all + "\n" + logs);
        assertEquals(0, all.get("exitCode").getAsInt());
        JsonObject report = all.getAsJsonObject("drill");
        assertEquals(100.0, report.get("readinessPercent").getAsDouble(), all.toString());
        assertTrue(report.get("tried").getAsInt() > 200, all.toString());
        assertTrue(String.join("\n", logs).contains("\"msg\":\"drill\""), logs.toString());

        JsonObject http = invoke(fn, httpGet("/drill?sample=25"), logs);
        assertEquals(200, http.get("statusCode").getAsInt(), http.toString());
        JsonObject body = JsonParser.parseString(http.get("body").getAsString()).getAsJsonObject();
        assertEquals("ready", body.get("result").getAsString(), body.toString());
        int tried = body.getAsJsonObject("drill").get("tried").getAsInt();
        assertTrue(tried >= 25 && tried < 60, "a bounded sample: " + tried);

        JsonObject tooMany = invoke(fn, httpGet("/drill?sample=100000"), logs);
        assertEquals(400, tooMany.get("statusCode").getAsInt(), tooMany.toString());
        assertTrue(tooMany.get("body").getAsString().contains("from 1 to 500"), tooMany.toString());

        JsonObject badVia = invoke(fn, "{\"action\":\"drill\",\"via\":\"file:///etc/passwd\"}", logs);
        assertFalse(badVia.get("ok").getAsBoolean(), badVia.toString());
        assertTrue(badVia.get("message").getAsString().contains("\"via\" must be an http:// or https:// URL"),
                badVia.toString());
        JsonObject misplaced = invoke(fn, "{\"action\":\"sync\",\"sample\":5}", logs);
        assertTrue(misplaced.get("message").getAsString().contains("\"sample\" belongs to the \"drill\" action only"),
                misplaced.toString());

        try (dev.secondaryorigin.store.OssStore store = oss.store(BUCKET)) {
            store.delete("css/theme.css");
        }
        JsonObject damaged = invoke(fn, "{\"action\":\"drill\",\"all\":true}", logs);
        assertEquals("not-ready", damaged.get("result").getAsString(), damaged.toString());
        assertEquals(1, damaged.get("exitCode").getAsInt());
        assertEquals("/css/theme.css", damaged.getAsJsonObject("drill").getAsJsonArray("misses").get(0).getAsJsonObject()
                .get("url").getAsString());
        JsonObject lenient = invoke(fn, "{\"action\":\"drill\",\"all\":true,\"minReady\":90}", logs);
        assertEquals("ready", lenient.get("result").getAsString(), lenient.toString());
    }
}
