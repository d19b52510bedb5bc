package dev.secondaryorigin.testing.openapi;

import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Alibaba Cloud RPC signature (version 1.0, HMAC-SHA1), computed the way the service does, so the
 * emulator accepts exactly the requests the real endpoint would.
 */
public final class RpcSignature {
    private RpcSignature() {
    }

    /** {@code METHOD&%2F&percentEncode(sorted k=v pairs)}, every parameter except {@code Signature}. */
    public static String stringToSign(String method, Map<String, String> params) {
        StringBuilder canonical = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
            if (e.getKey().equals("Signature")) {
                continue;
            }
            if (canonical.length() > 0) {
                canonical.append('&');
            }
            canonical.append(percentEncode(e.getKey())).append('=').append(percentEncode(e.getValue()));
        }
        return method + "&" + percentEncode("/") + "&" + percentEncode(canonical.toString());
    }

    public static String sign(String stringToSign, String accessKeySecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((accessKeySecret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 3986 encoding as the RPC signature defines it: space is %20, {@code *} is %2A, {@code ~} stays. */
    public static String percentEncode(String value) {
        try {
            return URLEncoder.encode(value, "UTF-8").replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
