package dev.secondaryorigin.testing.oss;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks an OSS V4 request signature (OSS4-HMAC-SHA256) the way OSS does: credential scope (date, region, "oss",
 * "aliyun_v4_request"), clock skew, the canonical request rebuilt from what arrived, the security token when the
 * emulator has one. V1 ({@code OSS ak:sig}) is refused.
 */
final class V4Verifier {
    private static final String ALGORITHM = "OSS4-HMAC-SHA256";
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.US);
    private static final Duration MAX_SKEW = Duration.ofMinutes(15);

    private final String accessKeyId;
    private final String secret;
    private final String securityToken;
    private final String region;
    /** Signing keys by credential date: four HMACs a day instead of four a request. */
    private final Map<String, byte[]> signingKeys = new ConcurrentHashMap<>();
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    });
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    });

    V4Verifier(String accessKeyId, String secret, String securityToken, String region) {
        this.accessKeyId = accessKeyId;
        this.secret = secret;
        this.securityToken = securityToken;
        this.region = region;
    }

    /** Throws the error OSS would answer when the request is not properly signed. */
    void verify(EmulatedRequest r) throws OssError {
        String auth = r.header("Authorization");
        if (auth == null) {
            throw OssError.accessDenied("Anonymous access is forbidden for this operation.");
        }
        if (auth.startsWith("OSS ")) {
            throw new OssError(403, "AccessDenied", "V1 signatures are not accepted for this bucket; "
                    + "sign requests with OSS4-HMAC-SHA256 (V4).");
        }
        if (!auth.startsWith(ALGORITHM + " ")) {
            throw OssError.invalidArgument("Authorization header is invalid: " + auth.split(" ")[0]);
        }
        Map<String, String> parts = new HashMap<>();
        for (String p : auth.substring(ALGORITHM.length() + 1).split(",")) {
            int eq = p.indexOf('=');
            if (eq > 0) {
                parts.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
            }
        }
        String credential = parts.get("Credential");
        String signature = parts.get("Signature");
        if (credential == null || signature == null) {
            throw OssError.invalidArgument("Authorization header lacks Credential or Signature.");
        }
        String[] scope = credential.split("/");
        if (scope.length != 5) {
            throw OssError.invalidArgument("Invalid credential in Authorization header: " + credential);
        }
        if (!scope[0].equals(accessKeyId)) {
            throw new OssError(403, "InvalidAccessKeyId", "The OSS Access Key Id you provided does not exist in our records.");
        }
        if (!scope[2].equals(region) || !scope[3].equals("oss") || !scope[4].equals("aliyun_v4_request")) {
            throw new OssError(403, "SignatureDoesNotMatch", "Invalid signing region or product in Authorization header: "
                    + "expected " + region + "/oss/aliyun_v4_request, got " + scope[2] + "/" + scope[3] + "/" + scope[4]);
        }
        String date = r.header("x-oss-date");
        Instant when;
        try {
            when = LocalDateTime.parse(date == null ? "" : date, DATETIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new OssError(403, "AccessDenied", "x-oss-date header is missing or malformed.");
        }
        if (!date.startsWith(scope[1])) {
            throw new OssError(403, "SignatureDoesNotMatch", "Credential date does not match x-oss-date.");
        }
        if (Duration.between(when, Instant.now()).abs().compareTo(MAX_SKEW) > 0) {
            throw new OssError(403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.");
        }
        if (securityToken != null && !securityToken.equals(r.header("x-oss-security-token"))) {
            throw new OssError(403, "InvalidSecurityToken", "The security token you provided is invalid or missing.");
        }
        List<String> additional = parts.containsKey("AdditionalHeaders")
                ? Arrays.asList(parts.get("AdditionalHeaders").split(";")) : java.util.Collections.<String>emptyList();
        String canonical = canonicalRequest(r, additional);
        String stringToSign = ALGORITHM + "\n" + date + "\n" + scope[1] + "/" + region + "/oss/aliyun_v4_request\n"
                + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] key = signingKeys.computeIfAbsent(scope[1], this::signingKey);
        String expected = hex(hmac(key, stringToSign));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            throw new OssError(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the "
                    + "signature you provided. Check your key and signing method. CanonicalRequest: "
                    + canonical.replace("\n", "\\n"));
        }
    }

    private byte[] signingKey(String date) {
        byte[] key = hmac(("aliyun_v4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, "oss");
        return hmac(key, "aliyun_v4_request");
    }

    private static String canonicalRequest(EmulatedRequest r, List<String> additional) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.method()).append('\n');
        String resource = "/" + (r.bucket().isEmpty() ? "" : r.bucket() + "/") + r.key();
        sb.append(encode(resource).replace("%2F", "/")).append('\n');
        TreeMap<String, String> q = new TreeMap<>();
        for (Map.Entry<String, String> e : r.queryParams().entrySet()) {
            q.put(encode(e.getKey()), encode(e.getValue()));
        }
        String sep = "";
        for (Map.Entry<String, String> e : q.entrySet()) {
            sb.append(sep).append(e.getKey());
            if (!e.getValue().isEmpty()) {
                sb.append('=').append(e.getValue());
            }
            sep = "&";
        }
        sb.append('\n');
        TreeSet<String> add = new TreeSet<>();
        for (String a : additional) {
            add.add(a.trim().toLowerCase(Locale.ROOT));
        }
        TreeMap<String, String> h = new TreeMap<>();
        for (Map.Entry<String, List<String>> e : r.headers().entrySet()) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("content-type") || name.equals("content-md5") || name.startsWith("x-oss-") || add.contains(name)) {
                h.put(name, e.getValue().isEmpty() ? "" : e.getValue().get(0).trim());
            }
        }
        for (Map.Entry<String, String> e : h.entrySet()) {
            sb.append(e.getKey()).append(':').append(e.getValue()).append('\n');
        }
        sb.append('\n');
        sb.append(String.join(";", add)).append('\n');
        String payload = r.header("x-oss-content-sha256");
        sb.append(payload == null || payload.isEmpty() ? "UNSIGNED-PAYLOAD" : payload);
        return sb.toString();
    }

    /** The SDK's URL encoding: form encoding with %20 for space, %2A for '*', '~' kept. */
    static String encode(String s) {
        try {
            return URLEncoder.encode(s, "UTF-8").replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] b) {
        MessageDigest d = SHA256.get();
        d.reset();
        return d.digest(b);
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = HMAC.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return sb.toString();
    }
}
