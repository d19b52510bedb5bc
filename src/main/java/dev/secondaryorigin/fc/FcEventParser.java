package dev.secondaryorigin.fc;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the event bytes an invocation received: a timer trigger's, a direct invoke's, an FC 3.0
 * HTTP trigger's or a CDN {@code LogFileCreated} event. Anything else, including bytes that are not
 * JSON, an empty event and one larger than {@link #MAX_EVENT_BYTES}, is an {@link InvalidEvent} that
 * names the accepted shapes; never a stack trace.
 */
public final class FcEventParser {
    /** Events of this function are small; anything larger is refused before it is parsed. */
    public static final int MAX_EVENT_BYTES = 1 << 20;

    private static final Pattern API_INVOCATION_PREFIX =
            Pattern.compile("^/\\d{4}-\\d{2}-\\d{2}/functions/[^/]+/invocations(/.*)?$");
    private static final Set<String> ACTION_KEY = Collections.singleton("action");
    private static final Set<String> DRILL_KEYS = new java.util.HashSet<>(java.util.Arrays.asList("via", "host", "sample",
            "all", "minReady"));
    private static final Set<String> INVOKE_KEYS = new java.util.HashSet<>(java.util.Arrays.asList("action", "toPass",
            "via", "host", "sample", "all", "minReady"));

    private FcEventParser() {
    }

    /**
     * Reads at most {@link #MAX_EVENT_BYTES} (+1, to tell a too-large event) and returns the event's JSON object
     * ({@link #object(byte[])}).
     */
    static JsonObject object(InputStream in) throws InvalidEvent, IOException {
        return object(in.readNBytes(MAX_EVENT_BYTES + 1));
    }

    public static FcEvent parse(byte[] bytes) throws InvalidEvent {
        return parse(object(bytes));
    }

    /**
     * The event's JSON object, read once: the handler recognises the registry's events in it before handing it to
     * {@link #parse(JsonObject)}.
     */
    static JsonObject object(byte[] bytes) throws InvalidEvent {
        if (bytes == null || bytes.length == 0) {
            throw InvalidEvent.badRequest("the event is empty; send one of the accepted shapes, e.g. "
                    + "s invoke -e '{\"action\":\"sync\"}'");
        }
        if (bytes.length > MAX_EVENT_BYTES) {
            throw tooLarge(bytes);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw InvalidEvent.badRequest("the event is not UTF-8 text; it must be a JSON object");
        }
        if (text.trim().isEmpty()) {
            throw InvalidEvent.badRequest("the event is blank; send one of the accepted shapes, e.g. "
                    + "s invoke -e '{\"action\":\"sync\"}'");
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (RuntimeException | StackOverflowError e) {
            throw InvalidEvent.badRequest("the event is not valid JSON (" + shortReason(e) + ")");
        }
        if (!root.isJsonObject()) {
            throw InvalidEvent.badRequest("the event must be a JSON object, got " + describe(root));
        }
        return root.getAsJsonObject();
    }

    /** The event an object read by {@link #object(byte[])} is. */
    static FcEvent parse(JsonObject o) throws InvalidEvent {
        if (o.has("triggerTime") || o.has("triggerName")) {
            return timer(o);
        }
        if (o.has("rawPath") || (o.has("requestContext") && o.has("version"))) {
            try {
                return http(o);
            } catch (InvalidEvent e) {
                throw e.asHttp();
            }
        }
        if (o.has("events")) {
            return cdn(o);
        }
        if (o.has("action")) {
            Action a = action(o.get("action"), "\"action\"");
            String toPass = null;
            if (o.has("toPass")) {
                if (a != Action.ROLLBACK) {
                    throw InvalidEvent.badRequest("\"toPass\" belongs to the \"rollback\" action only");
                }
                toPass = string(o, "toPass", "rollback event");
            }
            DrillRequest drill = null;
            for (String k : DRILL_KEYS) {
                if (o.has(k) && a != Action.DRILL) {
                    throw InvalidEvent.badRequest("\"" + k + "\" belongs to the \"drill\" action only");
                }
            }
            if (a == Action.DRILL) {
                drill = drillRequest(o);
            }
            return new FcEvent.Invoke(a, EventOverrides.from(o, INVOKE_KEYS), toPass, drill);
        }
        throw InvalidEvent.badRequest("the event has none of the accepted shapes (its fields: "
                + fieldList(o) + "); accepted: " + String.join("; ", InvalidEvent.ACCEPTED_SHAPES));
    }

    /** A drill invoke's fields: {@code via}, {@code host}, {@code sample} or {@code all}, {@code minReady}. */
    private static DrillRequest drillRequest(JsonObject o) throws InvalidEvent {
        String via = o.has("via") ? string(o, "via", "drill event") : null;
        if (via != null && !via.matches("(?i)https?://[^/\\s?#]+(/[^\\s#]*)?")) {
            throw InvalidEvent.badRequest("\"via\" must be an http:// or https:// URL of the bucket's website endpoint or a "
                    + "CDN edge, got \"" + abbreviate(via) + "\"");
        }
        String host = o.has("host") ? string(o, "host", "drill event") : null;
        if (host != null && !host.matches("[A-Za-z0-9.\\-]+(:\\d{1,5})?")) {
            throw InvalidEvent.badRequest("\"host\" must be a host name with an optional :port, got \"" + abbreviate(host) + "\"");
        }
        boolean all = false;
        if (o.has("all")) {
            JsonElement v = o.get("all");
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isBoolean()) {
                throw InvalidEvent.badRequest("\"all\" must be true or false, got " + describe(v));
            }
            all = v.getAsBoolean();
        }
        int sample = DrillRequest.INVOKE_SAMPLE;
        if (o.has("sample")) {
            if (all) {
                throw InvalidEvent.badRequest("give \"sample\" or \"all\", not both");
            }
            JsonElement v = o.get("sample");
            long n = v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber() ? v.getAsLong() : -1;
            if (n < 1 || n > 1_000_000 || v.getAsDouble() != n) {
                throw InvalidEvent.badRequest("\"sample\" must be a whole number of URLs from 1 to 1000000, got " + describe(v));
            }
            sample = (int) n;
        }
        double minReady = 100;
        if (o.has("minReady")) {
            JsonElement v = o.get("minReady");
            minReady = v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber() ? v.getAsDouble() : -1;
            if (!(minReady >= 0 && minReady <= 100)) {
                throw InvalidEvent.badRequest("\"minReady\" must be a percentage from 0 to 100, got " + describe(v));
            }
        }
        return new DrillRequest(via, host, all ? 0 : sample, minReady);
    }

    private static InvalidEvent tooLarge(byte[] prefix) {
        InvalidEvent e = new InvalidEvent(413, "EventTooLarge", "the event is larger than " + (MAX_EVENT_BYTES >> 10)
                + " KiB; events of this function are small JSON objects");
        return looksLikeHttp(prefix) ? e.asHttp() : e;
    }

    /** Whether the start of an event looks like an HTTP trigger's (FC puts these fields before the body). */
    static boolean looksLikeHttp(byte[] prefix) {
        String head = new String(prefix, 0, Math.min(prefix.length, 64 << 10), StandardCharsets.ISO_8859_1);
        return head.contains("\"rawPath\"") && (head.contains("\"requestContext\"") || head.contains("\"headers\""));
    }

    private static FcEvent timer(JsonObject o) throws InvalidEvent {
        String name = string(o, "triggerName", "timer event");
        String time = string(o, "triggerTime", "timer event");
        Action action = Action.SYNC;
        Map<String, List<String>> overrides = Collections.emptyMap();
        JsonElement payload = o.get("payload");
        if (payload != null && !payload.isJsonNull()) {
            JsonObject p;
            if (payload.isJsonObject()) {
                p = payload.getAsJsonObject();
            } else if (payload.isJsonPrimitive() && payload.getAsJsonPrimitive().isString()) {
                String s = payload.getAsString().trim();
                if (s.isEmpty()) {
                    p = new JsonObject();
                } else {
                    try {
                        JsonElement parsed = JsonParser.parseString(s);
                        if (!parsed.isJsonObject()) {
                            throw new IllegalArgumentException();
                        }
                        p = parsed.getAsJsonObject();
                    } catch (RuntimeException e) {
                        throw InvalidEvent.badRequest("the timer trigger's payload must be empty or a JSON object "
                                + "of options such as {\"full\":true}, got \"" + abbreviate(s) + "\"");
                    }
                }
            } else {
                throw InvalidEvent.badRequest("the timer trigger's payload must be a string, got " + describe(payload));
            }
            if (p.has("action")) {
                action = action(p.get("action"), "the timer payload's \"action\"");
            }
            overrides = EventOverrides.from(p, ACTION_KEY);
        }
        return new FcEvent.Timer(name, time, action, overrides);
    }

    private static FcEvent http(JsonObject o) throws InvalidEvent {
        String rawPath = string(o, "rawPath", "HTTP trigger event");
        JsonObject ctx = object(o, "requestContext", "HTTP trigger event");
        JsonObject http = ctx.has("http") ? object(ctx, "http", "HTTP trigger event's requestContext") : new JsonObject();
        String method = http.has("method") ? string(http, "method", "requestContext.http") : null;
        if (method == null || !method.matches("[A-Za-z]{1,16}")) {
            throw InvalidEvent.badRequest("the HTTP trigger event has no requestContext.http.method");
        }
        Map<String, String> headers = stringMap(o, "headers");
        Map<String, String> query = stringMap(o, "queryParameters");
        byte[] body = new byte[0];
        JsonElement b = o.get("body");
        if (b != null && !b.isJsonNull()) {
            if (!b.isJsonPrimitive() || !b.getAsJsonPrimitive().isString()) {
                throw InvalidEvent.badRequest("the HTTP trigger event's \"body\" must be a string");
            }
            boolean base64 = o.has("isBase64Encoded") && o.get("isBase64Encoded").isJsonPrimitive()
                    && o.get("isBase64Encoded").getAsBoolean();
            if (base64) {
                try {
                    body = Base64.getMimeDecoder().decode(b.getAsString());
                } catch (IllegalArgumentException e) {
                    throw InvalidEvent.badRequest("the HTTP trigger event says isBase64Encoded but its body is not base64");
                }
            } else {
                body = b.getAsString().getBytes(StandardCharsets.UTF_8);
            }
        }
        String path = rawPath.isEmpty() ? "/" : rawPath;
        Matcher m = API_INVOCATION_PREFIX.matcher(path);
        if (m.matches()) {
            path = m.group(1) == null ? "/" : m.group(1);
        }
        String requestId = optionalString(ctx, "requestId");
        String sourceIp = optionalString(http, "sourceIp");
        return new FcEvent.Http(method.toUpperCase(Locale.ROOT), rawPath, path, headers, query, body,
                requestId == null || requestId.isEmpty() ? null : requestId, sourceIp);
    }

    private static FcEvent cdn(JsonObject o) throws InvalidEvent {
        JsonElement events = o.get("events");
        if (!events.isJsonArray() || events.getAsJsonArray().size() == 0) {
            throw InvalidEvent.badRequest("a CDN event's \"events\" must be a non-empty list");
        }
        List<FcEvent.LogFile> files = new ArrayList<>();
        for (JsonElement e : (JsonArray) events) {
            if (!e.isJsonObject()) {
                throw InvalidEvent.badRequest("each of a CDN event's \"events\" must be an object, got " + describe(e));
            }
            JsonObject ev = e.getAsJsonObject();
            String source = optionalString(ev, "eventSource");
            String name = optionalString(ev, "eventName");
            if (!"cdn".equals(source) || !"LogFileCreated".equals(name)) {
                throw InvalidEvent.badRequest("unsupported event " + quoted(source) + "/" + quoted(name)
                        + "; the function accepts CDN events of type LogFileCreated only");
            }
            JsonObject p = object(ev, "eventParameter", "LogFileCreated event");
            String filePath = string(p, "filePath", "LogFileCreated eventParameter");
            if (!filePath.startsWith("http://") && !filePath.startsWith("https://")) {
                throw InvalidEvent.badRequest("a LogFileCreated event's filePath must be an http(s) URL");
            }
            String domain = optionalString(p, "domain");
            if (domain == null && ev.has("resource") && ev.get("resource").isJsonObject()) {
                domain = optionalString(ev.getAsJsonObject("resource"), "domain");
            }
            if (domain == null) {
                throw InvalidEvent.badRequest("a LogFileCreated event must name its domain");
            }
            files.add(new FcEvent.LogFile(domain, filePath, number(p, "fileSize"), number(p, "startTime"),
                    number(p, "endTime"), optionalString(ev, "region"), optionalString(ev, "eventTime")));
        }
        return new FcEvent.CdnLogFiles(files);
    }

    private static Action action(JsonElement v, String where) throws InvalidEvent {
        Action a = v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isString() ? Action.of(v.getAsString()) : null;
        if (a == null) {
            throw InvalidEvent.badRequest(where + " must be one of " + Action.accepted() + ", got "
                    + (v == null ? "nothing" : abbreviate(v.toString())));
        }
        return a;
    }

    private static String string(JsonObject o, String key, String where) throws InvalidEvent {
        JsonElement v = o.get(key);
        if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
            throw InvalidEvent.badRequest("the " + where + " needs a string \"" + key + "\""
                    + (v == null ? "" : ", got " + describe(v)));
        }
        return v.getAsString();
    }

    private static String optionalString(JsonObject o, String key) {
        JsonElement v = o.get(key);
        return v != null && v.isJsonPrimitive() ? v.getAsString() : null;
    }

    private static long number(JsonObject o, String key) {
        JsonElement v = o.get(key);
        try {
            return v != null && v.isJsonPrimitive() ? v.getAsLong() : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static JsonObject object(JsonObject o, String key, String where) throws InvalidEvent {
        JsonElement v = o.get(key);
        if (v == null || !v.isJsonObject()) {
            throw InvalidEvent.badRequest("the " + where + " needs an object \"" + key + "\""
                    + (v == null ? "" : ", got " + describe(v)));
        }
        return v.getAsJsonObject();
    }

    /** A map of strings; FC sends one value per name, a list is joined with commas. */
    private static Map<String, String> stringMap(JsonObject o, String key) throws InvalidEvent {
        Map<String, String> out = new LinkedHashMap<>();
        JsonElement v = o.get(key);
        if (v == null || v.isJsonNull()) {
            return out;
        }
        if (!v.isJsonObject()) {
            throw InvalidEvent.badRequest("the HTTP trigger event's \"" + key + "\" must be an object");
        }
        for (Map.Entry<String, JsonElement> e : v.getAsJsonObject().entrySet()) {
            JsonElement x = e.getValue();
            if (x.isJsonPrimitive()) {
                out.put(e.getKey(), x.getAsString());
            } else if (x.isJsonArray()) {
                List<String> parts = new ArrayList<>();
                for (JsonElement item : x.getAsJsonArray()) {
                    if (item.isJsonPrimitive()) {
                        parts.add(item.getAsString());
                    }
                }
                out.put(e.getKey(), String.join(",", parts));
            }
        }
        return out;
    }

    private static String describe(JsonElement e) {
        if (e.isJsonArray()) {
            return "a list";
        }
        if (e.isJsonNull()) {
            return "null";
        }
        if (e.isJsonObject()) {
            return "an object";
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        return (p.isString() ? "a string" : p.isNumber() ? "a number" : "a boolean") + " (" + abbreviate(p.toString()) + ")";
    }

    private static String fieldList(JsonObject o) {
        List<String> keys = new ArrayList<>(o.keySet());
        if (keys.isEmpty()) {
            return "none";
        }
        List<String> shown = keys.subList(0, Math.min(8, keys.size()));
        StringBuilder b = new StringBuilder();
        for (String k : shown) {
            b.append(b.length() == 0 ? "" : ", ").append('"').append(abbreviate(k)).append('"');
        }
        return b + (keys.size() > shown.size() ? ", ..." : "");
    }

    private static String quoted(String s) {
        return s == null ? "(none)" : "\"" + abbreviate(s) + "\"";
    }

    private static String abbreviate(String s) {
        String oneLine = s.replaceAll("[\\p{Cntrl}]", "?");
        return oneLine.length() > 60 ? oneLine.substring(0, 60) + "…" : oneLine;
    }

    private static String shortReason(Throwable e) {
        if (e instanceof StackOverflowError) {
            return "nested too deeply";
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int cut = m.indexOf("\nSee ");
        return abbreviate(cut > 0 ? m.substring(0, cut) : m);
    }
}
