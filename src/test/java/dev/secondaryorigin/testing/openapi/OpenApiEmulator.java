package dev.secondaryorigin.testing.openapi;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An in-JVM stand-in for an RPC-style Alibaba Cloud OpenAPI endpoint (RAM, CDN, ...) that the real
 * aliyun-java-sdk-core clients can be pointed at. It checks each request's signature (version 1.0,
 * HMAC-SHA1) against the configured AccessKey pairs, records each accepted action with its parameters,
 * and answers through per-action {@link ActionHandler}s with JSON shaped like the service's, errors
 * included ({@code {"RequestId","HostId","Code","Message"}}).
 *
 * <p>Listens on 127.0.0.1 on a free port. Point a request at it with {@link #endpoint()} as its
 * {@code sysEndpoint} and HTTP as its protocol.
 */
public final class OpenApiEmulator implements AutoCloseable {
    private static final Gson GSON = new com.google.gson.GsonBuilder().disableHtmlEscaping().create();

    private final HttpServer server;
    private final ExecutorService executor;
    private final String hostId;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, String> securityTokens = new ConcurrentHashMap<>();
    private final Map<String, ActionHandler> handlers = new ConcurrentHashMap<>();
    private final List<RecordedCall> calls = new CopyOnWriteArrayList<>();
    private final List<String> rejections = new CopyOnWriteArrayList<>();
    private final Set<String> nonces = Collections.synchronizedSet(new HashSet<>());
    private volatile boolean revealStringToSign = true;

    private OpenApiEmulator(String hostId) throws IOException {
        this.hostId = hostId;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "openapi-emulator");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    /** Starts an emulator accepting requests signed with this AccessKey pair. */
    public static OpenApiEmulator start(String hostId, String accessKeyId, String accessKeySecret) throws IOException {
        OpenApiEmulator e = new OpenApiEmulator(hostId);
        e.accessKey(accessKeyId, accessKeySecret);
        return e;
    }

    /** Accepts another AccessKey pair. */
    public OpenApiEmulator accessKey(String id, String secret) {
        secrets.put(id, secret);
        return this;
    }

    /** Requests with this key id must carry this STS token (as {@code SecurityToken}). */
    public OpenApiEmulator securityToken(String accessKeyId, String token) {
        securityTokens.put(accessKeyId, token);
        return this;
    }

    /** Registers (or replaces) the handler of one action. */
    public OpenApiEmulator handle(String action, ActionHandler handler) {
        handlers.put(action, handler);
        return this;
    }

    /**
     * Whether a SignatureDoesNotMatch answer carries the server's string to sign, as the real service's
     * does. The SDK compares it with its own and, when they match, reports {@code SDK.InvalidAccessKeySecret}
     * instead; turn this off to see the plain {@code SignatureDoesNotMatch}.
     */
    public OpenApiEmulator revealStringToSign(boolean reveal) {
        this.revealStringToSign = reveal;
        return this;
    }

    /** {@code 127.0.0.1:PORT}, for {@code request.setSysEndpoint}. */
    public String endpoint() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT}, as a user passes it to {@code --ram-endpoint}. */
    public String url() {
        return "http://" + endpoint();
    }

    /** Every signed request, in order, with its answer code (null = success). */
    public List<RecordedCall> calls() {
        return new ArrayList<>(calls);
    }

    public List<RecordedCall> calls(String action) {
        List<RecordedCall> out = new ArrayList<>();
        for (RecordedCall c : calls) {
            if (action.equals(c.action())) {
                out.add(c);
            }
        }
        return out;
    }

    /** The actions of every signed request, in order. */
    public List<String> actions() {
        List<String> out = new ArrayList<>();
        for (RecordedCall c : calls) {
            out.add(c.action());
        }
        return out;
    }

    /** The error codes of requests refused before reaching a handler (bad key, bad signature, ...). */
    public List<String> rejections() {
        return new ArrayList<>(rejections);
    }

    public void reset() {
        calls.clear();
        rejections.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void serve(HttpExchange ex) throws IOException {
        String requestId = UUID.randomUUID().toString().toUpperCase();
        try {
            Map<String, String> params = new LinkedHashMap<>();
            parseForm(ex.getRequestURI().getRawQuery(), params);
            byte[] body = readAll(ex.getRequestBody());
            String contentType = ex.getRequestHeaders().getFirst("Content-Type");
            if (body.length > 0 && contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
                parseForm(new String(body, StandardCharsets.UTF_8), params);
            }
            authenticate(ex.getRequestMethod(), params);
            RecordedCall call = new RecordedCall(ex.getRequestMethod(), params, null);
            ActionHandler handler = handlers.get(call.action());
            if (handler == null) {
                calls.add(call.answered("InvalidAction.NotFound"));
                throw OpenApiError.notFound("InvalidAction.NotFound",
                        "Specified api is not found, please check your url and method.");
            }
            JsonObject answer;
            try {
                answer = handler.handle(call);
            } catch (OpenApiError e) {
                calls.add(call.answered(e.code()));
                throw e;
            }
            calls.add(call);
            JsonObject out = new JsonObject();
            out.addProperty("RequestId", requestId);
            for (Map.Entry<String, com.google.gson.JsonElement> e : answer.entrySet()) {
                out.add(e.getKey(), e.getValue());
            }
            send(ex, 200, out);
        } catch (OpenApiError e) {
            JsonObject out = new JsonObject();
            out.addProperty("RequestId", requestId);
            out.addProperty("HostId", hostId);
            out.addProperty("Code", e.code());
            out.addProperty("Message", e.getMessage());
            send(ex, e.status(), out);
        } catch (RuntimeException e) {
            JsonObject out = new JsonObject();
            out.addProperty("RequestId", requestId);
            out.addProperty("HostId", hostId);
            out.addProperty("Code", "InternalError");
            out.addProperty("Message", "emulator failure: " + e);
            send(ex, 500, out);
        }
    }

    private void authenticate(String method, Map<String, String> params) {
        for (String required : new String[] {"Action", "Version", "AccessKeyId", "Signature", "SignatureMethod",
                "SignatureVersion", "SignatureNonce", "Timestamp"}) {
            if (params.get(required) == null) {
                rejections.add("MissingParameter");
                throw OpenApiError.badRequest("Missing" + required, "The input parameter \"" + required
                        + "\" that is mandatory for processing this request is not supplied.");
            }
        }
        if (!"HMAC-SHA1".equals(params.get("SignatureMethod")) || !"1.0".equals(params.get("SignatureVersion"))) {
            rejections.add("InvalidSignatureMethod");
            throw OpenApiError.badRequest("InvalidSignatureMethod", "Specified signature method is not valid.");
        }
        String keyId = params.get("AccessKeyId");
        String secret = secrets.get(keyId);
        if (secret == null) {
            rejections.add("InvalidAccessKeyId.NotFound");
            throw OpenApiError.notFound("InvalidAccessKeyId.NotFound", "Specified access key is not found.");
        }
        String stringToSign = RpcSignature.stringToSign(method, params);
        byte[] expected = RpcSignature.sign(stringToSign, secret).getBytes(StandardCharsets.UTF_8);
        byte[] given = params.get("Signature").getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, given)) {
            rejections.add("SignatureDoesNotMatch");
            throw OpenApiError.badRequest("SignatureDoesNotMatch",
                    "Specified signature is not matched with our calculation."
                            + (revealStringToSign ? " server string to sign is:" + stringToSign : ""));
        }
        String token = securityTokens.get(keyId);
        if (token != null && !token.equals(params.get("SecurityToken"))) {
            rejections.add("InvalidSecurityToken.Malformed");
            throw OpenApiError.badRequest("InvalidSecurityToken.Malformed", "Specified SecurityToken is malformed.");
        }
        if (!nonces.add(params.get("SignatureNonce"))) {
            rejections.add("SignatureNonceUsed");
            throw OpenApiError.badRequest("SignatureNonceUsed", "Specified signature nonce was used already.");
        }
    }

    private static void parseForm(String raw, Map<String, String> into) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            into.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) > 0; ) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static void send(HttpExchange ex, int status, JsonObject body) throws IOException {
        byte[] bytes = GSON.toJson(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }
}
