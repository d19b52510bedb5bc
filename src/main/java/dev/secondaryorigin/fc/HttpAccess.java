package dev.secondaryorigin.fc;

import java.util.Locale;
import java.util.Map;

/**
 * Who may use the HTTP API. The event does not say how the trigger authenticates, so the deployment
 * declares it in {@value #AUTH_TYPE_ENV} (set from the same variable as the trigger's {@code authType}):
 * <ul>
 *   <li>{@value #TOKEN_ENV} set: every request needs {@code Authorization: Bearer <token>};</li>
 *   <li>no token, {@code authType: function}: FC has checked the request's signature, so it is let in;</li>
 *   <li>no token, anonymous (or undeclared): refused with 401 and a hint, since anyone could call it.</li>
 * </ul>
 */
public final class HttpAccess {
    public static final String TOKEN_ENV = "HTTP_TOKEN";
    public static final String AUTH_TYPE_ENV = "HTTP_AUTH_TYPE";

    private final String token;
    private final boolean signedByFc;

    private HttpAccess(String token, boolean signedByFc) {
        this.token = token;
        this.signedByFc = signedByFc;
    }

    public static HttpAccess fromEnvironment(Map<String, String> env) {
        String token = env.get(TOKEN_ENV);
        String auth = env.get(AUTH_TYPE_ENV);
        return new HttpAccess(token == null || token.trim().isEmpty() ? null : token.trim(),
                auth != null && auth.trim().toLowerCase(Locale.ROOT).equals("function"));
    }

    /** Shortest token accepted: 32 characters, e.g. the 64 hex digits of {@code openssl rand -hex 32}. */
    static final int MIN_TOKEN_CHARS = 32;
    /** A long token of few distinct characters ("aaaa...") is no secret either. */
    static final int MIN_DISTINCT_CHARS = 10;

    /** Why the configured token is too weak to protect the API, or null. */
    String weakToken() {
        if (token == null) {
            return null;
        }
        if (token.length() < MIN_TOKEN_CHARS || token.chars().distinct().count() < MIN_DISTINCT_CHARS) {
            return TOKEN_ENV + " is too weak to protect the HTTP API (" + token.length() + " characters, "
                    + token.chars().distinct().count() + " distinct; at least " + MIN_TOKEN_CHARS + " and "
                    + MIN_DISTINCT_CHARS + " are needed), so the API is off: set it to a random value such as the "
                    + "output of `openssl rand -hex 32` and deploy again";
        }
        return null;
    }

    /** Null when the request may go on, else the 401 answer (or 503 while the token is too weak to use). */
    public HttpResponse check(FcEvent.Http request) {
        String weak = weakToken();
        if (weak != null) {
            return HttpResponse.error(503, "WeakToken", weak);
        }
        if (token != null) {
            if (BearerToken.matches(token, request.header("Authorization"))) {
                return null;
            }
            return HttpResponse.error(401, "Unauthorized", "send the token configured in " + TOKEN_ENV
                    + " as \"Authorization: Bearer <token>\"").withHeader("WWW-Authenticate", "Bearer");
        }
        if (signedByFc) {
            return null;
        }
        return HttpResponse.error(401, "Unauthorized", "this HTTP trigger is anonymous and no " + TOKEN_ENV
                + " is configured, so nobody may use it: set " + TOKEN_ENV + " to a long random string and send "
                + "\"Authorization: Bearer <token>\", or deploy the trigger with authType: function (and "
                + AUTH_TYPE_ENV + "=function) so FC checks a signature").withHeader("WWW-Authenticate", "Bearer");
    }
}
