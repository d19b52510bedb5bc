package dev.secondaryorigin.testing.fcapi;

import dev.secondaryorigin.testing.openapi.OpenApiError;
import com.google.gson.JsonObject;
import dev.secondaryorigin.testing.openapi.OpenApiError;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-JVM stand-in for the Function Compute 3.0 OpenAPI's {@code InvokeFunction}
 * ({@code POST /2023-03-30/functions/{name}/invocations}) that the real {@code com.aliyun:fc20230330} client can
 * be pointed at. It checks the V3 signature (ACS3-HMAC-SHA256) of every request against the configured AccessKeys
 * (canonical request rebuilt from what arrived, the body's SHA-256, every {@code x-acs-*} header signed, the date
 * within 15 minutes, nonces used once, the STS token), requires {@code x-fc-invocation-type: Async}, refuses a
 * repeated async task id with 409 as FC's task mode does, records each accepted invocation and answers 202 with a
 * request id. Errors have FC 3.0's shape: {@code {"Code","Message","RequestId"}}.
 *
 * <p>Accepted invocations wait in a queue until {@link #deliverPending} hands them to an
 * {@link InvocationHandler} (or {@link #deliverAutomatically} does it as they arrive), which lets a test run
 * the function for each one; {@link #redeliverNext} and {@link #redeliver} deliver some twice, as FC's
 * at-least-once queue may. {@link #failNext} makes the next signed calls fail with throttling or server errors.
 *
 * <p>Listens on 127.0.0.1 on a free port; {@link #url()} is the endpoint to give the client.
 */
public final class FcApiEmulator implements AutoCloseable {
    private static final Pattern INVOCATIONS = Pattern.compile("/2023-03-30/functions/([^/]+)/invocations");
    private static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final com.google.gson.Gson GSON = new com.google.gson.GsonBuilder().disableHtmlEscaping().create();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, String> securityTokens = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> functions = new ConcurrentHashMap<>();
    private final Set<String> nonces = ConcurrentHashMap.newKeySet();
    private final List<RecordedInvocation> invocations = new CopyOnWriteArrayList<>();
    private final List<String> rejections = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> requestHeaders = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private final Set<String> taskIds = new HashSet<>();
    private final Deque<OpenApiError> faults = new ArrayDeque<>();
    private final Deque<RecordedInvocation> pending = new ArrayDeque<>();
    private final Map<String, Integer> deliveries = new HashMap<>();
    private int redeliverNext;
    private volatile Clock clock = Clock.systemUTC();
    private volatile boolean asyncTaskMode = true;
    private volatile InvocationHandler autoHandler;
    private volatile Executor autoExecutor;

    private FcApiEmulator() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "fcapi-emulator");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    /** An emulator that accepts requests signed with this AccessKey. */
    public static FcApiEmulator start(String accessKeyId, String accessKeySecret) throws IOException {
        FcApiEmulator e = new FcApiEmulator();
        e.accessKey(accessKeyId, accessKeySecret);
        return e;
    }

    /** Accepts another AccessKey. */
    public FcApiEmulator accessKey(String id, String secret) {
        secrets.put(id, secret);
        return this;
    }

    /** Requests signed with this key id must carry this STS token ({@code x-acs-security-token}). */
    public FcApiEmulator securityToken(String accessKeyId, String token) {
        securityTokens.put(accessKeyId, token);
        return this;
    }

    /** A function that exists, with the aliases it may be invoked as besides {@code LATEST}. */
    public FcApiEmulator function(String name, String... aliases) {
        Set<String> qualifiers = new HashSet<>(Arrays.asList(aliases));
        qualifiers.add("LATEST");
        functions.put(name, qualifiers);
        return this;
    }

    /**
     * Whether the functions run in FC's asynchronous task mode (on by default, as the dispatcher deployment sets
     * it): then a repeated {@code x-fc-async-task-id} is refused with 409.
     */
    public FcApiEmulator asyncTaskMode(boolean on) {
        this.asyncTaskMode = on;
        return this;
    }

    /**
     * The clock {@link RecordedInvocation#receivedAt()} is read from (simulated time). The signature's date is
     * always checked against the real clock: the SDK signs with it.
     */
    public FcApiEmulator clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** The next {@code n} signed calls fail with this status and FC error code (429 ResourceExhausted, 503 ...). */
    public FcApiEmulator failNext(int n, int status, String code) {
        synchronized (lock) {
            for (int i = 0; i < n; i++) {
                faults.add(new OpenApiError(status, code, "injected failure " + (i + 1) + " of " + n));
            }
        }
        return this;
    }

    /** The next {@code n} accepted invocations are queued twice (at-least-once delivery). */
    public FcApiEmulator redeliverNext(int n) {
        synchronized (lock) {
            redeliverNext += n;
        }
        return this;
    }

    /** Queues an invocation again, as FC may after an instance failure. */
    public void redeliver(RecordedInvocation invocation) {
        synchronized (lock) {
            pending.add(invocation);
        }
        deliverIfAutomatic();
    }

    /**
     * Delivers every queued invocation to {@code handler}, one after another in this thread, including those
     * queued while delivering; returns how many deliveries were made. A handler's exception is rethrown after
     * the invocation counts as delivered.
     */
    public int deliverPending(InvocationHandler handler) throws Exception {
        int n = 0;
        for (RecordedInvocation next; (next = nextPending()) != null; n++) {
            handler.handle(next, countDelivery(next));
        }
        return n;
    }

    /** From now on each accepted (or redelivered) invocation goes to {@code handler} on {@code executor} at once. */
    public FcApiEmulator deliverAutomatically(InvocationHandler handler, Executor executor) {
        this.autoExecutor = executor;
        this.autoHandler = handler;
        deliverIfAutomatic();
        return this;
    }

    /** How many times {@code invocation} was delivered so far. */
    public int deliveries(RecordedInvocation invocation) {
        synchronized (lock) {
            return deliveries.getOrDefault(invocation.requestId(), 0);
        }
    }

    /** Invocations accepted and not yet delivered. */
    public int pendingCount() {
        synchronized (lock) {
            return pending.size();
        }
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every accepted invocation, in order of arrival. */
    public List<RecordedInvocation> invocations() {
        return new ArrayList<>(invocations);
    }

    /** The error codes of refused calls, in order (signature, date, async header, duplicates, faults, ...). */
    public List<String> rejections() {
        return new ArrayList<>(rejections);
    }

    /** The lower-cased headers of every call that arrived, in order (to check what the client sent). */
    public List<Map<String, String>> requestHeaders() {
        return new ArrayList<>(requestHeaders);
    }

    public void reset() {
        synchronized (lock) {
            invocations.clear();
            rejections.clear();
            requestHeaders.clear();
            taskIds.clear();
            faults.clear();
            pending.clear();
            deliveries.clear();
            redeliverNext = 0;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private RecordedInvocation nextPending() {
        synchronized (lock) {
            return pending.poll();
        }
    }

    private int countDelivery(RecordedInvocation invocation) {
        synchronized (lock) {
            return deliveries.merge(invocation.requestId(), 1, Integer::sum);
        }
    }

    private void deliverIfAutomatic() {
        InvocationHandler handler = autoHandler;
        if (handler == null) {
            return;
        }
        for (RecordedInvocation next; (next = nextPending()) != null; ) {
            RecordedInvocation inv = next;
            int delivery = countDelivery(inv);
            autoExecutor.execute(() -> {
                try {
                    handler.handle(inv, delivery);
                } catch (Exception e) {
                    // FC would record a failed run; the test sees it through its own handler.
                }
            });
        }
    }

    private void serve(HttpExchange ex) throws IOException {
        String requestId = "1-" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        try {
            byte[] body = ex.getRequestBody().readAllBytes();
            Map<String, String> headers = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
                headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue().isEmpty() ? "" : h.getValue().get(0));
            }
            requestHeaders.add(Collections.unmodifiableMap(headers));
            String rawPath = ex.getRequestURI().getRawPath();
            Map<String, String> query = parseQuery(ex.getRequestURI().getRawQuery());
            String keyId = authenticate(ex.getRequestMethod(), rawPath, query, headers, body);
            OpenApiError fault;
            synchronized (lock) {
                fault = faults.poll();
            }
            if (fault != null) {
                throw fault;
            }
            Matcher m = INVOCATIONS.matcher(rawPath);
            if (!ex.getRequestMethod().equals("POST") || !m.matches()) {
                throw new OpenApiError(400, "PathNotSupported", "'" + ex.getRequestMethod() + "' against '" + rawPath
                        + "' is not supported");
            }
            RecordedInvocation inv = accept(requestId, URLDecoder.decode(m.group(1), StandardCharsets.UTF_8), query,
                    headers, body, keyId);
            ex.getResponseHeaders().set("x-fc-request-id", requestId);
            ex.getResponseHeaders().set("x-fc-async-task-id", inv.taskId());
            ex.sendResponseHeaders(202, -1);
            ex.close();
            deliverIfAutomatic();
        } catch (OpenApiError e) {
            rejections.add(e.code());
            JsonObject out = new JsonObject();
            out.addProperty("Code", e.code());
            out.addProperty("Message", e.getMessage());
            out.addProperty("RequestId", requestId);
            send(ex, e.status(), requestId, out);
        } catch (RuntimeException e) {
            rejections.add("InternalServerError");
            JsonObject out = new JsonObject();
            out.addProperty("Code", "InternalServerError");
            out.addProperty("Message", "emulator failure: " + e);
            out.addProperty("RequestId", requestId);
            send(ex, 500, requestId, out);
        }
    }

    private RecordedInvocation accept(String requestId, String function, Map<String, String> query,
                                      Map<String, String> headers, byte[] body, String keyId) {
        Set<String> qualifiers = functions.get(function);
        if (qualifiers == null) {
            throw new OpenApiError(404, "FunctionNotFound", "function '" + function + "' does not exist.");
        }
        String qualifier = query.getOrDefault("qualifier", "LATEST");
        if (!qualifiers.contains(qualifier)) {
            throw new OpenApiError(404, "AliasNotFound", "alias '" + qualifier + "' of function '" + function
                    + "' does not exist");
        }
        String type = headers.get("x-fc-invocation-type");
        if (!"Async".equals(type)) {
            throw new OpenApiError(400, "InvalidArgument", "x-fc-invocation-type must be Async here (got "
                    + (type == null ? "none" : "'" + type + "'") + "): the dispatcher only starts asynchronous invocations");
        }
        String taskId = headers.get("x-fc-async-task-id");
        if (taskId != null && !taskId.matches("[A-Za-z_][A-Za-z0-9_-]{0,127}")) {
            throw new OpenApiError(400, "InvalidArgument", "invalid async task id '" + taskId + "'");
        }
        RecordedInvocation inv;
        synchronized (lock) {
            // FC documents only the status of a repeated task id (409); the code here is the emulator's.
            if (taskId != null && asyncTaskMode && !taskIds.add(function + "/" + taskId)) {
                throw new OpenApiError(409, "AsyncTaskAlreadyExists", "an async task with id '" + taskId
                        + "' was submitted already");
            }
            inv = new RecordedInvocation(requestId, function, qualifier, type, taskId == null ? requestId : taskId,
                    new String(body, StandardCharsets.UTF_8), keyId, clock.instant());
            invocations.add(inv);
            pending.add(inv);
            if (redeliverNext > 0) {
                redeliverNext--;
                pending.add(inv);
            }
        }
        return inv;
    }

    /** Checks the V3 signature; returns the key id. */
    private String authenticate(String method, String rawPath, Map<String, String> query, Map<String, String> headers,
                                byte[] body) {
        String auth = headers.get("authorization");
        if (auth == null || !auth.startsWith(Acs3Signature.ALGORITHM + " ")) {
            throw new OpenApiError(403, "AccessDenied", auth == null ? "the request is not signed (no Authorization header)"
                    : "unsupported signature algorithm: " + auth.split(" ")[0]);
        }
        Map<String, String> parts = new HashMap<>();
        for (String p : auth.substring(Acs3Signature.ALGORITHM.length() + 1).split(",")) {
            int eq = p.indexOf('=');
            if (eq > 0) {
                parts.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
            }
        }
        String keyId = parts.get("Credential");
        String signedList = parts.get("SignedHeaders");
        String signature = parts.get("Signature");
        if (keyId == null || signedList == null || signature == null) {
            throw new OpenApiError(403, "SignatureNotMatch", "Authorization lacks Credential, SignedHeaders or Signature");
        }
        String secret = secrets.get(keyId);
        if (secret == null) {
            throw new OpenApiError(403, "InvalidAccessKeyID", "invalid access key ID '" + keyId + "'");
        }
        List<String> signed = Arrays.asList(signedList.toLowerCase(Locale.ROOT).split(";"));
        for (String required : new String[] {"host", "x-acs-date", "x-acs-content-sha256", "x-acs-signature-nonce"}) {
            if (headers.get(required) == null) {
                throw new OpenApiError(400, "MissingRequiredHeader", "required HTTP header " + required + " was not specified");
            }
        }
        for (String name : headers.keySet()) {
            boolean mustSign = name.startsWith("x-acs-") || name.equals("host") || name.equals("content-type");
            if (mustSign && !signed.contains(name)) {
                throw new OpenApiError(403, "SignatureNotMatch", "header " + name + " must be signed (not in SignedHeaders)");
            }
        }
        Instant date;
        try {
            date = Instant.parse(headers.get("x-acs-date"));
        } catch (DateTimeParseException e) {
            throw new OpenApiError(400, "InvalidArgument", "x-acs-date is not an ISO 8601 UTC time: " + headers.get("x-acs-date"));
        }
        if (Duration.between(date, Instant.now()).abs().compareTo(MAX_SKEW) > 0) {
            throw new OpenApiError(403, "RequestTimeTooSkewed", "the difference between the request time "
                    + headers.get("x-acs-date") + " and the server's time is more than 15 minutes");
        }
        String canonical = Acs3Signature.canonicalRequest(method, rawPath, query, headers, signed,
                Acs3Signature.hex(Acs3Signature.sha256(body)));
        String expected = Acs3Signature.signature(Acs3Signature.stringToSign(canonical), secret);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            throw new OpenApiError(403, "SignatureNotMatch", "The request signature we calculated does not match the "
                    + "signature you provided. Check your access key and signing method");
        }
        String token = securityTokens.get(keyId);
        if (token != null && !token.equals(headers.get("x-acs-security-token"))) {
            throw new OpenApiError(403, "InvalidSecurityToken", "the security token of access key ID '" + keyId
                    + "' is missing or invalid");
        }
        if (!nonces.add(headers.get("x-acs-signature-nonce"))) {
            throw new OpenApiError(403, "SignatureNonceUsed", "the signature nonce was used already");
        }
        return keyId;
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void send(HttpExchange ex, int status, String requestId, JsonObject body) throws IOException {
        byte[] bytes = GSON.toJson(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("x-fc-request-id", requestId);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }
}
