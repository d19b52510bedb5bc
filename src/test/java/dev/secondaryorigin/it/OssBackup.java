package dev.secondaryorigin.it;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.cli.Main;
import dev.secondaryorigin.credentials.CloudCredentials;
import dev.secondaryorigin.store.OssStore;
import dev.secondaryorigin.store.OssTarget;
import dev.secondaryorigin.testing.oss.EmulatedBucket;
import dev.secondaryorigin.testing.oss.OssEmulator;
import dev.secondaryorigin.testing.oss.RequestLog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * An OSS emulator for integration tests, the credentials the CLI gets as its environment, and helpers to run
 * {@code sync} against a bucket of it in-process and to look at what arrived.
 */
final class OssBackup implements AutoCloseable {
    static final String AK = "it-ak";
    /** Distinctive, so a test can prove it never shows up in output. */
    static final String SECRET = "it-secret-Zq7xW2";
    static final String DOMAIN = "www.example.com";
    static final String STATE = ".secondary-origin/";

    final OssEmulator oss;

    private OssBackup(OssEmulator oss) {
        this.oss = oss;
    }

    static OssBackup start() throws IOException {
        return new OssBackup(OssEmulator.builder().credentials(AK, SECRET).start());
    }

    /** The environment a user running the CLI would have. */
    static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put(CloudCredentials.ENV_ACCESS_KEY_ID, AK);
        env.put(CloudCredentials.ENV_ACCESS_KEY_SECRET, SECRET);
        return env;
    }

    /** The console-style secondary origin address of {@code bucket}. */
    String target(String bucket) {
        return bucket + ".oss-" + oss.region() + ".aliyuncs.com";
    }

    EmulatedBucket bucket(String name) {
        return oss.bucket(name);
    }

    /** A store on {@code bucket}, for reading back what a pass wrote (metadata decoded, manifest). */
    OssStore store(String bucket) {
        return new OssStore(OssTarget.parse(target(bucket), oss.endpoint(), null), CloudCredentials.of(AK, SECRET),
                32L << 20);
    }

    /** The argument list of {@code sync} from {@code origin} into {@code bucket} on this emulator. */
    List<String> syncArgs(String origin, String bucket, Path report, String... extra) {
        List<String> args = new ArrayList<>(Arrays.asList("sync", "--origin", origin, "--domain", DOMAIN,
                "--target", target(bucket), "--oss-endpoint", oss.endpoint(), "--quiet",
                "--report-json", report.toString(), "--max-revisit", "0"));
        args.addAll(Arrays.asList(extra));
        return args;
    }

    /** Runs {@code sync} in-process and returns its exit code, output and report. */
    CliRun sync(String origin, String bucket, Path work, String... extra) throws IOException {
        Path report = Files.createTempFile(work, "report", ".json");
        Files.delete(report);
        return CliRun.run(env(), syncArgs(origin, bucket, report, extra).toArray(new String[0]), report);
    }

    /** Keys a request wrote to (PUT, part upload, multipart initiate/complete), outside the state prefix. */
    Set<String> siteWrites(Predicate<RequestLog.Entry> also) {
        Set<String> keys = new TreeSet<>();
        for (RequestLog.Entry e : oss.requests().entries()) {
            if ((e.method().equals("PUT") || e.method().equals("POST")) && !e.key().isEmpty()
                    && !e.key().startsWith(STATE) && also.test(e)) {
                keys.add(e.key());
            }
        }
        return keys;
    }

    @Override
    public void close() {
        oss.close();
    }

    /** The outcome of one in-process CLI run. */
    static final class CliRun {
        final int code;
        final String out;
        final String err;
        final JsonObject report;

        private CliRun(int code, String out, String err, JsonObject report) {
            this.code = code;
            this.out = out;
            this.err = err;
            this.report = report;
        }

        /**
         * Runs the CLI with {@code env} as its environment, capturing stdout and stderr (so callers must not run
         * two of these at once); {@code report} is read when the run wrote it.
         */
        static synchronized CliRun run(Map<String, String> env, String[] args, Path report) throws IOException {
            PrintStream oldOut = System.out;
            PrintStream oldErr = System.err;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code;
            try {
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
                code = Main.execute(env, args);
            } finally {
                System.setOut(oldOut);
                System.setErr(oldErr);
            }
            JsonObject r = report != null && Files.exists(report) ? readReport(report) : null;
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), r);
        }

        long num(String field) {
            return report.get(field).getAsLong();
        }

        long failed() {
            return report.getAsJsonObject("failed").get("total").getAsLong();
        }

        @Override
        public String toString() {
            return "exit " + code + "\nstdout: " + out + "\nstderr: " + err + "\nreport: " + report;
        }
    }

    static JsonObject readReport(Path p) throws IOException {
        return JsonParser.parseString(new String(Files.readAllBytes(p), StandardCharsets.UTF_8)).getAsJsonObject();
    }

    /** The URL path of a key as a browser would request it: each segment percent-encoded as UTF-8. */
    static String urlPath(String key) {
        StringBuilder sb = new StringBuilder();
        for (String seg : key.split("/", -1)) {
            sb.append('/').append(URLEncoder.encode(seg, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return sb.toString();
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

    /** A plain GET, the way a browser or a CDN edge client asks. */
    static HttpResponse<byte[]> get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String md5Hex(byte[] b) {
        try {
            StringBuilder sb = new StringBuilder();
            for (byte x : MessageDigest.getInstance("MD5").digest(b)) {
                sb.append(String.format("%02x", x));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
