package dev.secondaryorigin.testing.oss;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** A request as the emulator sees it: method, bucket, key and decoded query, resolved path- or host-style. */
public final class EmulatedRequest {
    private static final Pattern PORT = Pattern.compile(":\\d+$");
    private static final Pattern NOT_A_NAME = Pattern.compile("[0-9.]+|\\[.*\\]|localhost");
    final Exchange exchange;
    private final String method;
    private final String bucket;
    private final String key;
    private final Map<String, String> query;
    private final String rawQuery;

    private EmulatedRequest(Exchange exchange, String bucket, String key, Map<String, String> query, String rawQuery) {
        this.exchange = exchange;
        this.method = exchange.method().toUpperCase(Locale.ROOT);
        this.bucket = bucket;
        this.key = key;
        this.query = Collections.unmodifiableMap(query);
        this.rawQuery = rawQuery;
    }

    /**
     * Resolves the bucket: from the Host header ({@code bucket.oss-...}) when its first label names a known bucket
     * and the host is a name, else from the first path segment.
     */
    static EmulatedRequest parse(Exchange ex, Set<String> buckets) {
        String path = percentDecode(ex.uri().getRawPath() == null ? "/" : ex.uri().getRawPath());
        String host = ex.requestHeader("Host");
        String hostName = host == null ? "" : PORT.matcher(host).replaceFirst("").toLowerCase(Locale.ROOT);
        String bucket;
        String key;
        int dot = hostName.indexOf('.');
        boolean isName = !NOT_A_NAME.matcher(hostName).matches();
        if (isName && dot > 0 && buckets.contains(hostName.substring(0, dot))) {
            bucket = hostName.substring(0, dot);
            key = path.startsWith("/") ? path.substring(1) : path;
        } else {
            String p = path.startsWith("/") ? path.substring(1) : path;
            int slash = p.indexOf('/');
            bucket = slash < 0 ? p : p.substring(0, slash);
            key = slash < 0 ? "" : p.substring(slash + 1);
        }
        String raw = ex.uri().getRawQuery();
        Map<String, String> q = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = percentDecode(eq < 0 ? pair : pair.substring(0, eq));
                String v = eq < 0 ? "" : percentDecode(pair.substring(eq + 1));
                q.put(k, v);
            }
        }
        return new EmulatedRequest(ex, bucket, key, q, raw == null ? "" : raw);
    }

    /** Decodes %XX as UTF-8, leaving '+' alone (the SDK writes spaces as %20). */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    out.write(hi * 16 + lo);
                    i += 2;
                    continue;
                }
            }
            byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
            out.write(b, 0, b.length);
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    public String method() {
        return method;
    }

    public String bucket() {
        return bucket;
    }

    /** The object key, "" for a bucket-level request. */
    public String key() {
        return key;
    }

    public boolean hasQuery(String name) {
        return query.containsKey(name);
    }

    /** A decoded query parameter, "" when given without a value, null when absent. */
    public String query(String name) {
        return query.get(name);
    }

    Map<String, String> queryParams() {
        return query;
    }

    String rawQuery() {
        return rawQuery;
    }

    /** First value of a request header (case-insensitive), or null. */
    public String header(String name) {
        return exchange.requestHeader(name);
    }

    Map<String, List<String>> headers() {
        return exchange.requestHeaders();
    }

    public boolean anonymous() {
        return header("Authorization") == null && !hasQuery("x-oss-signature") && !hasQuery("Signature");
    }

    /** A PutObject (not a part, not a copy). */
    public boolean isObjectPut() {
        return method.equals("PUT") && !key.isEmpty() && !hasQuery("uploadId") && query.isEmpty() && copySource() == null;
    }

    /** An UploadPart with bytes in the body (not an UploadPartCopy). */
    public boolean isPartUpload() {
        return method.equals("PUT") && hasQuery("uploadId") && hasQuery("partNumber") && copySource() == null;
    }

    /** A CopyObject: a PUT of an object naming its source in {@code x-oss-copy-source}. */
    public boolean isCopy() {
        return method.equals("PUT") && !key.isEmpty() && !hasQuery("uploadId") && copySource() != null;
    }

    public boolean isPartCopy() {
        return method.equals("PUT") && hasQuery("uploadId") && hasQuery("partNumber") && copySource() != null;
    }

    /** The {@code x-oss-copy-source} header as sent ({@code /bucket/url-encoded-key}), or null. */
    public String copySource() {
        return header("x-oss-copy-source");
    }

    public boolean isCompleteUpload() {
        return method.equals("POST") && hasQuery("uploadId");
    }

    @Override
    public String toString() {
        return method + " " + bucket + "/" + key + (rawQuery.isEmpty() ? "" : "?" + rawQuery);
    }
}
