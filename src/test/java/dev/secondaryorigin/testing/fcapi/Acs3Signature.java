package dev.secondaryorigin.testing.fcapi;

import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Alibaba Cloud V3 request signature (ACS3-HMAC-SHA256) as the OpenAPI gateway computes it: the canonical
 * request (method, encoded path, sorted query, the signed headers lower-cased and trimmed, their names, the hex
 * SHA-256 of the body), hashed, then HMAC-SHA256 with the secret. Used by the emulator to check requests and by
 * tests to forge tampered ones.
 */
public final class Acs3Signature {
    public static final String ALGORITHM = "ACS3-HMAC-SHA256";

    private Acs3Signature() {
    }

    /**
     * @param rawPath the path as it arrived (percent-encoded); each segment is decoded and encoded again the
     *                canonical way
     * @param query decoded query parameters
     * @param headers lower-case header names to values
     * @param signedHeaders the lower-case names listed in the Authorization header, in their order
     * @param payloadHash hex SHA-256 of the body that arrived
     */
    public static String canonicalRequest(String method, String rawPath, Map<String, String> query,
                                          Map<String, String> headers, List<String> signedHeaders, String payloadHash) {
        StringBuilder b = new StringBuilder();
        b.append(method).append('\n').append(canonicalPath(rawPath)).append('\n');
        String sep = "";
        for (Map.Entry<String, String> e : new TreeMap<>(query).entrySet()) {
            b.append(sep).append(encode(e.getKey())).append('=').append(encode(e.getValue() == null ? "" : e.getValue()));
            sep = "&";
        }
        b.append('\n');
        TreeMap<String, String> signed = new TreeMap<>();
        for (String name : signedHeaders) {
            String v = headers.get(name);
            signed.put(name, v == null ? "" : v.trim());
        }
        for (Map.Entry<String, String> e : signed.entrySet()) {
            b.append(e.getKey()).append(':').append(e.getValue()).append('\n');
        }
        b.append('\n').append(String.join(";", signed.keySet())).append('\n').append(payloadHash);
        return b.toString();
    }

    public static String stringToSign(String canonicalRequest) {
        return ALGORITHM + "\n" + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    }

    public static String signature(String stringToSign, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return hex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Authorization header value for these parts. */
    public static String authorization(String keyId, List<String> signedHeaders, String signature) {
        return ALGORITHM + " Credential=" + keyId + ",SignedHeaders=" + String.join(";", new java.util.TreeSet<>(signedHeaders))
                + ",Signature=" + signature;
    }

    static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        StringBuilder b = new StringBuilder();
        String[] segments = rawPath.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                b.append('/');
            }
            b.append(encode(URLDecoder.decode(segments[i].replace("+", "%2B"), StandardCharsets.UTF_8)));
        }
        return b.toString();
    }

    /** RFC 3986: unreserved characters kept, everything else %XX (space %20, {@code *} %2A, {@code ~} kept). */
    public static String encode(String s) {
        try {
            return URLEncoder.encode(s, "UTF-8").replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return sb.toString();
    }
}
