package dev.secondaryorigin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.secondaryorigin.cdn.CdnTestbed;
import dev.secondaryorigin.cdn.RamPermissions;
import dev.secondaryorigin.cdn.RamPermissions.Feature;
import dev.secondaryorigin.testing.Nginx;
import dev.secondaryorigin.testing.SiteFiles;
import dev.secondaryorigin.testing.openapi.OpenApiEmulator;
import dev.secondaryorigin.testing.openapi.RamEmulation;
import dev.secondaryorigin.testing.openapi.RecordedCall;
import dev.secondaryorigin.testing.oss.OssEmulator;
import dev.secondaryorigin.testing.oss.RequestLog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Each feature, run as a user runs it (the CLI in-process) against a real nginx origin and the OSS, CDN and RAM
 * emulators, which record every request: every RAM action the feature called, on the resource it called it on,
 * must be granted by the policy {@link RamPermissions} generates for that feature (bucket my-backup, domain
 * www.example.com). An action the table lacks fails the test with the request that needed it.
 */
class RamPermissionsTest {
    private static final String DOMAIN = "www.example.com";
    private static final String BUCKET = "my-backup";
    private static final String ORIGINS = "[{\"content\":\"203.0.113.10\",\"type\":\"ipaddr\",\"priority\":\"20\","
            + "\"port\":80,\"weight\":\"10\"}]";

    @TempDir
    Path dir;
    private Path site;
    private Nginx nginx;
    private CdnTestbed cdn;
    private OpenApiEmulator ramApi;
    private OssEmulator oss;
    private int ossMark;

    @BeforeEach
    void start() throws Exception {
        site = dir.resolve("site");
        SiteFiles.write(site, "index.html", "<html><body><a href=\"/a.html\">a</a> <a href=\"/b.html\">b</a>"
                + "<a href=\"/big.bin\">big</a><a href=\"/docs/\">docs</a></body></html>");
        SiteFiles.write(site, "a.html", "<html><body>a, first version</body></html>");
        SiteFiles.write(site, "b.html", "<html><body>b</body></html>");
        SiteFiles.write(site, "docs/index.html", "<html><body>docs</body></html>");
        SiteFiles.write(site, "big.bin", SiteFiles.randomBytes(3, 1_500_000));
        nginx = Nginx.serveStatic(site, DOMAIN);
        cdn = CdnTestbed.start();
        cdn.cdn.addDomain(DOMAIN, ORIGINS);
        cdn.cdn.preloadQuota(1000, 1000);
        cdn.cdn.topUrls(DOMAIN, "http://www.example.com/b.html");
        ramApi = OpenApiEmulator.start("ram.aliyuncs.com", CdnTestbed.KEY_ID, CdnTestbed.SECRET);
        RamEmulation.install(ramApi);
        oss = OssEmulator.builder().credentials(CdnTestbed.KEY_ID, CdnTestbed.SECRET).region("cn-hangzhou").start();
        oss.createBucket(BUCKET);
    }

    @AfterEach
    void stop() {
        nginx.close();
        cdn.close();
        ramApi.close();
        oss.close();
    }

    @Test
    void syncAndStateCallOnlyWhatTheirPolicyGrants() throws Exception {
        run("sync", "--multipart-threshold", "1MiB", "--prune-after", "1");
        SiteFiles.write(site, "a.html", "<html><body>a, second version, longer</body></html>");
        SiteFiles.write(site, "big.bin", SiteFiles.randomBytes(4, 1_500_000));
        java.nio.file.Files.delete(site.resolve("b.html"));
        run("sync", "--multipart-threshold", "1MiB", "--prune-after", "1");
        List<String[]> calls = ossCalls();
        Set<String> actions = actionsOf(calls);
        // The paths that matter were exercised: multipart, server-side copy (publish) and deletes.
        assertTrue(actions.containsAll(Arrays.asList("oss:PutObject", "oss:GetObject", "oss:DeleteObject",
                "oss:ListObjects")), actions.toString());
        assertTrue(oss.requests().entries().stream().anyMatch(e -> e.copySource() != null), "a publish copies");
        assertAllowed(EnumSet.of(Feature.SYNC, Feature.STATE), calls, "sync");

        mark();
        run("status", "--json");
        run("verify");
        List<String[]> state = ossCalls();
        assertFalse(state.isEmpty());
        assertAllowed(EnumSet.of(Feature.STATE), state, "status and verify");
    }

    @Test
    void cdnUrlSourcesAndWarmupCallOnlyWhatTheirPolicyGrants() throws Exception {
        run("sync", "--warmup", "--top-urls", "--cdn-logs-hours", "1");
        List<String[]> cdnCalls = openApiCalls(cdn.emulator);
        assertTrue(actionsOf(cdnCalls).containsAll(Arrays.asList("cdn:PushObjectCache", "cdn:DescribeRefreshQuota",
                "cdn:DescribeDomainTopUrlVisit", "cdn:DescribeCdnDomainLogs")), actionsOf(cdnCalls).toString());
        assertAllowed(EnumSet.of(Feature.WARMUP, Feature.TOP_URLS, Feature.CDN_LOGS), cdnCalls, "CDN features");
        assertAllowed(EnumSet.of(Feature.SYNC, Feature.STATE), ossCalls(), "sync with CDN features");
    }

    @Test
    void theGuardCallsOnlyWhatItsPolicyGrants() throws Exception {
        cdn.cdn.addDomain(DOMAIN, "[{\"content\":\"203.0.113.10\",\"type\":\"ipaddr\",\"priority\":\"20\",\"port\":80,"
                + "\"weight\":\"10\"},{\"content\":\"my-backup.oss-cn-hangzhou.aliyuncs.com\",\"type\":\"oss\","
                + "\"priority\":\"30\",\"port\":443,\"weight\":\"10\"}]");
        run("sync");
        mark();
        cdn.emulator.reset();
        // The primary origin fails its probe (404), so one run fails over: read and modify the domain.
        run("guard", "--guard-failures", "1", "--guard-path", "/no-such-page.html");
        List<String[]> calls = new ArrayList<>(ossCalls());
        calls.addAll(openApiCalls(cdn.emulator));
        assertTrue(actionsOf(calls).containsAll(Arrays.asList("cdn:DescribeCdnDomainDetail", "cdn:ModifyCdnDomain")),
                actionsOf(calls).toString());
        assertAllowed(EnumSet.of(Feature.GUARD), calls, "guard");
    }

    @Test
    void attachDetachAndPrepareBucketCallOnlyWhatTheirPoliciesGrant() throws Exception {
        String target = BUCKET + ".oss-cn-hangzhou.aliyuncs.com";
        exec("attach-origin", "--domain", DOMAIN, "--target", target, "--private-bucket", "--cdn-endpoint",
                cdn.emulator.url());
        exec("detach-origin", "--domain", DOMAIN, "--target", target, "--cdn-endpoint", cdn.emulator.url());
        List<String[]> cdnCalls = openApiCalls(cdn.emulator);
        assertTrue(actionsOf(cdnCalls).contains("cdn:ModifyCdnDomain"), actionsOf(cdnCalls).toString());
        assertAllowed(EnumSet.of(Feature.ATTACH), cdnCalls, "attach/detach");
        assertTrue(ossCalls().isEmpty(), "attaching reads no bucket");

        exec("prepare-bucket", "--target", target, "--oss-endpoint", oss.endpoint(), "--versioning", "on");
        List<String[]> prepare = ossCalls();
        assertTrue(actionsOf(prepare).contains("oss:PutBucketWebsite"), actionsOf(prepare).toString());
        assertAllowed(EnumSet.of(Feature.PREPARE_BUCKET), prepare, "prepare-bucket");
    }

    @Test
    void setupRoleCallsOnlyWhatItsPolicyGrants() throws Exception {
        exec("setup-role", "--ram-endpoint", ramApi.url());
        exec("setup-role", "--least-privilege", BUCKET, "--domain", DOMAIN, "--ram-endpoint", ramApi.url());
        List<String[]> calls = openApiCalls(ramApi);
        assertTrue(actionsOf(calls).containsAll(Arrays.asList("ram:GetRole", "ram:CreateRole", "ram:CreatePolicy",
                "ram:AttachPolicyToRole", "ram:ListPoliciesForRole", "ram:GetPolicy")), actionsOf(calls).toString());
        assertAllowed(EnumSet.of(Feature.SETUP_ROLE), calls, "setup-role");
    }

    @Test
    void theCheckFailsWhenAFeaturesPolicyLacksAnActionItCalls() throws Exception {
        run("sync");
        List<String[]> calls = ossCalls();
        // STATE alone lacks nothing the sync needs for state, but PREPARE_BUCKET grants no object writes.
        List<String> missing = notAllowed(EnumSet.of(Feature.PREPARE_BUCKET), calls);
        assertFalse(missing.isEmpty());
        assertTrue(missing.get(0).startsWith("oss:"), missing.toString());
    }

    @Test
    void printPolicyPrintsAReadyPolicyAndRefusesABadBucket() {
        String printed = exec("setup-role", "--print-policy", "--bucket", BUCKET, "--domain", DOMAIN);
        assertEquals(com.google.gson.JsonParser.parseString(RamPermissions.policy(RamPermissions.RUNTIME, BUCKET, DOMAIN)),
                com.google.gson.JsonParser.parseString(printed));
        assertTrue(printed.contains("acs:oss:*:*:my-backup/*") && !printed.contains("${"), printed);
        String attach = exec("setup-role", "--print-policy", "--features", "attach");
        assertTrue(attach.contains("cdn:ModifyCdnDomain") && !attach.contains("oss:"), attach);

        CommandLine cl = Main.commandLine(cdn.env());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        assertEquals(2, cl.execute("setup-role", "--print-policy", "--bucket", "My_Bucket"));
        assertTrue(err.toString().contains("--bucket needs an OSS bucket name"), err.toString());
        assertEquals(2, cl.execute("setup-role", "--print-policy", "--bucket", BUCKET, "--features", "sink"));
        assertTrue(err.toString().contains("--features takes runtime or"), err.toString());
    }

    // --- running the CLI ------------------------------------------------------------------------------

    private void run(String command, String... extra) {
        List<String> a = new ArrayList<>(Arrays.asList(command, "--origin", nginx.url(), "--domain", DOMAIN,
                "--target", BUCKET + ".oss-cn-hangzhou.aliyuncs.com", "--oss-endpoint", oss.endpoint(),
                "--cdn-endpoint", cdn.emulator.url()));
        if (command.equals("status") || command.equals("verify")) {
            a = new ArrayList<>(Arrays.asList(command, "--target", BUCKET + ".oss-cn-hangzhou.aliyuncs.com",
                    "--oss-endpoint", oss.endpoint()));
        }
        a.addAll(Arrays.asList(extra));
        exec(a.toArray(new String[0]));
    }

    private String exec(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine(cdn.env());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute(args), String.join(" ", args) + "\n" + out + err);
        return out.toString();
    }

    private void mark() {
        ossMark = oss.requests().entries().size();
    }

    // --- what the emulators recorded, as RAM actions on resources -------------------------------------

    private List<String[]> ossCalls() {
        List<String[]> out = new ArrayList<>();
        List<RequestLog.Entry> entries = oss.requests().entries();
        for (RequestLog.Entry e : entries.subList(ossMark, entries.size())) {
            out.addAll(ossActions(e));
        }
        return out;
    }

    /** The RAM action(s) and resource(s) an OSS request needs, as in the OSS API's RAM reference. */
    static List<String[]> ossActions(RequestLog.Entry e) {
        List<String[]> out = new ArrayList<>();
        Set<String> q = new LinkedHashSet<>();
        for (String p : e.query().split("&")) {
            if (!p.isEmpty()) {
                q.add(p.contains("=") ? p.substring(0, p.indexOf('=')) : p);
            }
        }
        boolean object = e.key() != null && !e.key().isEmpty();
        String resource = "acs:oss:cn-hangzhou:" + RamEmulation.ACCOUNT_ID + ":" + e.bucket() + (object ? "/" + e.key() : "");
        String m = e.method();
        String action;
        if (!object) {
            if (q.contains("website")) {
                action = m.equals("GET") ? "GetBucketWebsite" : m.equals("PUT") ? "PutBucketWebsite" : "DeleteBucketWebsite";
            } else if (q.contains("versioning")) {
                action = m.equals("GET") ? "GetBucketVersioning" : "PutBucketVersioning";
            } else if (q.contains("acl")) {
                action = m.equals("GET") ? "GetBucketAcl" : "PutBucketAcl";
            } else if (q.contains("location")) {
                action = "GetBucketLocation";
            } else if (q.contains("bucketInfo")) {
                action = "GetBucketInfo";
            } else if (q.contains("uploads")) {
                action = "ListMultipartUploads";
            } else if (m.equals("POST") && q.contains("delete")) {
                out.add(new String[] {"oss:DeleteObject", resource + "/*", e.toString()});
                return out;
            } else if (m.equals("GET") || m.equals("HEAD")) {
                action = "ListObjects";
            } else {
                action = m.equals("PUT") ? "PutBucket" : "DeleteBucket";
            }
        } else if (q.contains("acl")) {
            action = m.equals("GET") ? "GetObjectAcl" : "PutObjectAcl";
        } else if (m.equals("GET") || m.equals("HEAD")) {
            action = q.contains("uploadId") ? "ListParts" : "GetObject";
        } else if (m.equals("DELETE")) {
            action = q.contains("uploadId") ? "AbortMultipartUpload" : "DeleteObject";
        } else {
            // PUT, multipart initiate/part/complete, CopyObject and UploadPartCopy into the target.
            action = "PutObject";
            if (e.copySource() != null) {
                String src = URLDecoder.decode(e.copySource(), StandardCharsets.UTF_8).replaceFirst("^/", "");
                src = src.contains("?") ? src.substring(0, src.indexOf('?')) : src;
                out.add(new String[] {"oss:GetObject", "acs:oss:cn-hangzhou:" + RamEmulation.ACCOUNT_ID + ":" + src,
                        "copy source of " + e});
            }
        }
        out.add(new String[] {"oss:" + action, resource, e.toString()});
        return out;
    }

    /** The RAM action and resource(s) of each OpenAPI call: CDN domain or account, RAM role or policy. */
    static List<String[]> openApiCalls(OpenApiEmulator api) {
        List<String[]> out = new ArrayList<>();
        for (RecordedCall c : api.calls()) {
            String service = api.url().contains("ram") || c.version().equals("2015-05-01") ? "ram" : "cdn";
            String action = service + ":" + c.action();
            String account = RamEmulation.ACCOUNT_ID;
            if (service.equals("ram")) {
                if (c.param("RoleName") != null) {
                    out.add(new String[] {action, "acs:ram:*:" + account + ":role/" + c.param("RoleName"), c.action()});
                }
                if (c.param("PolicyName") != null) {
                    out.add(new String[] {action, "acs:ram:*:" + account + ":policy/" + c.param("PolicyName"), c.action()});
                }
                continue;
            }
            String domain = c.param("DomainName") != null ? c.param("DomainName") : c.param("DomainNames");
            if (domain != null && domain.contains(",")) {
                for (String d : domain.split(",")) {
                    out.add(new String[] {action, "acs:cdn:*:" + account + ":domain/" + d.trim(), c.action()});
                }
                continue;
            }
            if (domain == null && c.param("ObjectPath") != null) {
                String first = c.param("ObjectPath").split("\n")[0].trim();
                domain = URI.create(first.contains("://") ? first : "http://" + first).getHost();
            }
            out.add(new String[] {action, domain == null ? "acs:cdn:*:" + account + ":*"
                    : "acs:cdn:*:" + account + ":domain/" + domain, c.action() + " " + c.params()});
        }
        return out;
    }

    private static Set<String> actionsOf(List<String[]> calls) {
        Set<String> out = new LinkedHashSet<>();
        calls.forEach(c -> out.add(c[0]));
        return out;
    }

    private static void assertAllowed(Set<Feature> features, List<String[]> calls, String what) {
        assertFalse(calls.isEmpty(), what + " made no call: nothing was checked");
        List<String> missing = notAllowed(features, calls);
        assertTrue(missing.isEmpty(), what + " called actions its policy (" + features + ") does not grant; add them to "
                + "RamPermissions.TABLE:\n" + String.join("\n", missing));
    }

    /** The calls no statement of the features' policy allows, as "action on resource (request)". */
    static List<String> notAllowed(Set<Feature> features, List<String[]> calls) {
        JsonObject policy = RamPermissions.policyJson(features, BUCKET, DOMAIN);
        List<String> out = new ArrayList<>();
        for (String[] c : calls) {
            if (!allowed(policy, c[0], c[1])) {
                out.add(c[0] + " on " + c[1] + " (" + c[2] + ")");
            }
        }
        return out;
    }

    private static boolean allowed(JsonObject policy, String action, String resource) {
        for (JsonElement s : policy.getAsJsonArray("Statement")) {
            JsonObject st = s.getAsJsonObject();
            boolean a = false;
            for (JsonElement x : st.getAsJsonArray("Action")) {
                a |= glob(x.getAsString()).matcher(action).matches();
            }
            boolean r = false;
            for (JsonElement x : st.getAsJsonArray("Resource")) {
                r |= glob(x.getAsString()).matcher(resource).matches();
            }
            if (a && r && "Allow".equals(st.get("Effect").getAsString())) {
                return true;
            }
        }
        return false;
    }

    private static Pattern glob(String p) {
        String[] parts = p.split("\\*", -1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                b.append(".*");
            }
            b.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(b.toString());
    }
}
