package dev.secondaryorigin.fc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.testing.SharedReference;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpApiPartsTest {
    private static FcEvent.Http request(String method, String path, String body, String authorization)
            throws InvalidEvent {
        JsonObject o = JsonParser.parseString(new String(SharedReference.bytes("event-http-trigger.json"),
                StandardCharsets.UTF_8)).getAsJsonObject();
        o.addProperty("rawPath", path);
        o.getAsJsonObject("requestContext").getAsJsonObject("http").addProperty("method", method);
        o.addProperty("body", body);
        o.getAsJsonObject("headers").remove("Authorization");
        if (authorization != null) {
            o.getAsJsonObject("headers").addProperty("authorization", authorization);
        }
        return (FcEvent.Http) FcEventParser.parse(o.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rollbackRouteTakesThePassFromItsBody() throws Exception {
        HttpRoute r = HttpRoute.of(request("POST", "/rollback", "{\"toPass\":\"p-1\"}", null));
        assertEquals(HttpRoute.Kind.ROLLBACK, r.kind());
        assertEquals("p-1", r.reportId());
        HttpRoute.HttpRouteException bad = assertThrows(HttpRoute.HttpRouteException.class,
                () -> HttpRoute.of(request("POST", "/rollback", "not json", null)));
        assertEquals(400, bad.response().statusCode());
        assertTrue(bad.response().body().contains("toPass"), bad.response().body());
        assertEquals(405, assertThrows(HttpRoute.HttpRouteException.class,
                () -> HttpRoute.of(request("GET", "/rollback", "", null))).response().statusCode());
    }

    @Test
    void responseHasTheFc3Shape() {
        JsonObject body = new JsonObject();
        body.addProperty("ok", true);
        JsonObject r = JsonParser.parseString(new String(HttpResponse.json(200, body).toBytes(),
                StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals(200, r.get("statusCode").getAsInt());
        assertEquals("application/json; charset=utf-8", r.getAsJsonObject("headers").get("Content-Type").getAsString());
        assertEquals("{\"ok\":true}", r.get("body").getAsString());
        assertFalse(r.get("isBase64Encoded").getAsBoolean());
        assertEquals(4, r.size());

        HttpResponse bin = HttpResponse.binary(200, "application/gzip", new byte[] {1, 2});
        assertTrue(bin.isBase64Encoded());
        assertEquals("AQI=", bin.body());
    }

    @Test
    void routes() throws Exception {
        HttpRoute sync = HttpRoute.of(request("POST", "/sync", "{\"full\":true}", null));
        assertEquals(HttpRoute.Kind.SYNC, sync.kind());
        assertEquals(Collections.singletonList("true"), sync.overrides().get("full"));
        assertTrue(HttpRoute.of(request("POST", "/sync", "", null)).overrides().isEmpty());
        assertEquals(HttpRoute.Kind.STATUS, HttpRoute.of(request("GET", "/status", "", null)).kind());
        HttpRoute report = HttpRoute.of(request("GET", "/reports/2026-11-24T03-00-00Z", "", null));
        assertEquals("2026-11-24T03-00-00Z", report.reportId());

        assertEquals(404, routeError("GET", "/").statusCode());
        assertEquals(404, routeError("GET", "/reports/../../etc").statusCode());
        assertEquals(405, routeError("GET", "/sync").statusCode());
        assertEquals(405, routeError("POST", "/status").statusCode());
        HttpResponse badBody = assertThrows(HttpRoute.HttpRouteException.class,
                () -> HttpRoute.of(request("POST", "/sync", "full please", null))).response();
        assertEquals(400, badBody.statusCode());
        HttpResponse unknownOption = assertThrows(HttpRoute.HttpRouteException.class,
                () -> HttpRoute.of(request("POST", "/sync", "{\"nope\":1}", null))).response();
        assertEquals(400, unknownOption.statusCode());
        assertTrue(unknownOption.body().contains("nope"));
    }

    private static HttpResponse routeError(String method, String path) {
        return assertThrows(HttpRoute.HttpRouteException.class, () -> HttpRoute.of(request(method, path, "", null)))
                .response();
    }

    @Test
    void bearerToken() {
        assertTrue(BearerToken.matches("s3cret-token", "Bearer s3cret-token"));
        assertTrue(BearerToken.matches("s3cret-token", "bearer   s3cret-token "));
        assertFalse(BearerToken.matches("s3cret-token", "Bearer s3cret-tokeN"));
        assertFalse(BearerToken.matches("s3cret-token", "Bearer s3cret"));
        assertFalse(BearerToken.matches("s3cret-token", "Basic czNjcmV0LXRva2Vu"));
        assertFalse(BearerToken.matches("s3cret-token", null));
        assertFalse(BearerToken.matches("", "Bearer "));
        assertFalse(BearerToken.matches(null, "Bearer x"));
    }

    @Test
    void access() throws Exception {
        Map<String, String> env = new HashMap<>();
        FcEvent.Http plain = request("POST", "/sync", "", null);
        String token = "made-up-test-token-4f9a1c2e7b3d8a6f0e5c9b2a";
        FcEvent.Http withToken = request("POST", "/sync", "", "Bearer " + token);

        HttpResponse anonymousNoToken = HttpAccess.fromEnvironment(env).check(plain);
        assertNotNull(anonymousNoToken);
        assertEquals(401, anonymousNoToken.statusCode());
        assertTrue(anonymousNoToken.body().contains("HTTP_TOKEN") && anonymousNoToken.body().contains("authType"));

        env.put("HTTP_AUTH_TYPE", "function");
        assertNull(HttpAccess.fromEnvironment(env).check(plain));

        env.put("HTTP_TOKEN", token);
        assertEquals(401, HttpAccess.fromEnvironment(env).check(plain).statusCode());
        assertNull(HttpAccess.fromEnvironment(env).check(withToken));

        env.remove("HTTP_AUTH_TYPE");
        assertNull(HttpAccess.fromEnvironment(env).check(withToken));
        assertEquals(401, HttpAccess.fromEnvironment(env).check(request("GET", "/status", "", "Bearer wrong"))
                .statusCode());
    }

    @Test
    void aWeakTokenTurnsTheApiOffWithTheReason() throws Exception {
        for (String weak : new String[]{"t", "t0k3n", "0123456789abcdef0123456789abcde", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}) {
            Map<String, String> env = new HashMap<>();
            env.put("HTTP_TOKEN", weak);
            HttpResponse r = HttpAccess.fromEnvironment(env).check(request("GET", "/status", "", "Bearer " + weak));
            assertNotNull(r, weak);
            assertEquals(503, r.statusCode(), weak);
            assertTrue(r.body().contains("openssl rand -hex 32"), r.body());
        }
        Map<String, String> env = new HashMap<>();
        String strong = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        env.put("HTTP_TOKEN", strong);
        assertNull(HttpAccess.fromEnvironment(env).check(request("GET", "/status", "", "Bearer " + strong)));
    }
}
