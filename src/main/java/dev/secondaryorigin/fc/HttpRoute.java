package dev.secondaryorigin.fc;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The HTTP API's routes: {@code POST /sync} (optional JSON body of option overrides),
 * {@code GET /status}, {@code GET /reports/<id>}, {@code POST /rollback} (body {@code {"toPass":"ID"}}),
 * {@code GET /drill[?sample=N]} (a bounded sample). Anything else is 404, a known path with the wrong method 405.
 */
public final class HttpRoute {
    /** What a request asks for. */
    public enum Kind { SYNC, STATUS, REPORT, ROLLBACK, DRILL }

    private static final Pattern REPORT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final Kind kind;
    private final String reportId;
    private final Map<String, List<String>> overrides;
    private final DrillRequest drill;

    private HttpRoute(Kind kind, String reportId, Map<String, List<String>> overrides) {
        this(kind, reportId, overrides, null);
    }

    private HttpRoute(Kind kind, String reportId, Map<String, List<String>> overrides, DrillRequest drill) {
        this.kind = kind;
        this.reportId = reportId;
        this.overrides = overrides;
        this.drill = drill;
    }

    /** For {@link Kind#DRILL}: the sample to drill (never more than {@link DrillRequest#HTTP_MAX_SAMPLE}). */
    public DrillRequest drill() {
        return drill;
    }

    public Kind kind() {
        return kind;
    }

    /** For {@link Kind#REPORT}: the report id; for {@link Kind#ROLLBACK}: the pass to go back to. */
    public String reportId() {
        return reportId;
    }

    /** For {@link Kind#SYNC}: options from the JSON body. */
    public Map<String, List<String>> overrides() {
        return overrides;
    }

    /** The route of a request; a bad request becomes an {@link HttpRouteException} carrying its answer. */
    public static HttpRoute of(FcEvent.Http r) throws HttpRouteException {
        String path = r.path().length() > 1 && r.path().endsWith("/")
                ? r.path().substring(0, r.path().length() - 1) : r.path();
        String method = r.method();
        if (path.equals("/sync")) {
            requireMethod(method, "POST");
            Map<String, List<String>> overrides = Collections.emptyMap();
            String body = r.bodyText().trim();
            if (!body.isEmpty()) {
                try {
                    JsonElement json = JsonParser.parseString(body);
                    if (!json.isJsonObject()) {
                        throw new IllegalArgumentException();
                    }
                    overrides = EventOverrides.from(json.getAsJsonObject(), Collections.<String>emptySet());
                } catch (InvalidEvent e) {
                    throw new HttpRouteException(HttpResponse.error(400, "InvalidOptions", e.getMessage()));
                } catch (RuntimeException e) {
                    throw new HttpRouteException(HttpResponse.error(400, "InvalidBody",
                            "POST /sync takes an empty body or a JSON object of options such as {\"full\":true}"));
                }
            }
            return new HttpRoute(Kind.SYNC, null, overrides);
        }
        if (path.equals("/rollback")) {
            requireMethod(method, "POST");
            String toPass;
            try {
                JsonElement json = JsonParser.parseString(r.bodyText().trim());
                toPass = json.getAsJsonObject().get("toPass").getAsString();
            } catch (RuntimeException e) {
                throw new HttpRouteException(HttpResponse.error(400, "InvalidBody",
                        "POST /rollback takes a JSON object naming the pass, such as {\"toPass\":\"PASS_ID\"}; "
                                + "GET /status lists the passes one can roll back to"));
            }
            return new HttpRoute(Kind.ROLLBACK, toPass, Collections.emptyMap());
        }
        if (path.equals("/drill")) {
            requireMethod(method, "GET");
            int sample = DrillRequest.HTTP_SAMPLE;
            String q = r.query().get("sample");
            if (q != null) {
                try {
                    sample = Integer.parseInt(q.trim());
                } catch (NumberFormatException e) {
                    sample = -1;
                }
                if (sample < 1 || sample > DrillRequest.HTTP_MAX_SAMPLE) {
                    throw new HttpRouteException(HttpResponse.error(400, "InvalidSample", "GET /drill?sample=N takes N "
                            + "from 1 to " + DrillRequest.HTTP_MAX_SAMPLE + " (the HTTP API drills a bounded sample; "
                            + "invoke {\"action\":\"drill\",\"all\":true} for every URL), got \"" + abbreviate(q) + "\""));
                }
            }
            return new HttpRoute(Kind.DRILL, null, Collections.emptyMap(), DrillRequest.defaults(sample));
        }
        if (path.equals("/status")) {
            requireMethod(method, "GET");
            return new HttpRoute(Kind.STATUS, null, Collections.emptyMap());
        }
        if (path.startsWith("/reports/")) {
            requireMethod(method, "GET");
            String id = path.substring("/reports/".length());
            if (!REPORT_ID.matcher(id).matches()) {
                throw new HttpRouteException(HttpResponse.error(404, "NotFound", "no such report"));
            }
            return new HttpRoute(Kind.REPORT, id, Collections.emptyMap());
        }
        throw new HttpRouteException(HttpResponse.error(404, "NotFound",
                "no route for " + method + " " + abbreviate(path) + "; routes: POST /sync, GET /status, GET /reports/<id>, POST /rollback, GET /drill"));
    }

    private static void requireMethod(String method, String allowed) throws HttpRouteException {
        if (!method.equals(allowed) && !(allowed.equals("GET") && method.equals("HEAD"))) {
            throw new HttpRouteException(HttpResponse.error(405, "MethodNotAllowed", "use " + allowed)
                    .withHeader("Allow", allowed));
        }
    }

    private static String abbreviate(String s) {
        String clean = s.replaceAll("[\\p{Cntrl}]", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "…" : clean;
    }

    /** A request that has no route; {@link #response()} is the answer to send. */
    public static final class HttpRouteException extends Exception {
        private final HttpResponse response;

        HttpRouteException(HttpResponse response) {
            super(response.body(), null, false, false);
            this.response = response;
        }

        public HttpResponse response() {
            return response;
        }
    }
}
