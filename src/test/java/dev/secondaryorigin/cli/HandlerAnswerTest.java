package dev.secondaryorigin.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How {@code invoke} reads the handler's answer into an exit code. */
class HandlerAnswerTest {
    private static HandlerAnswer of(String json) {
        return HandlerAnswer.of(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void syncResultsKeepTheirExitCodeWhenTheyAreErrors() {
        assertEquals(6, of("{\"ok\":false,\"action\":\"sync\",\"result\":\"origin-suspect\",\"exitCode\":6}").exitCode());
        assertEquals(4, of("{\"ok\":false,\"action\":\"sync\",\"result\":\"lease-held\",\"exitCode\":4}").exitCode());
        HandlerAnswer incomplete = of("{\"ok\":true,\"action\":\"sync\",\"result\":\"incomplete\",\"exitCode\":3}");
        assertFalse(incomplete.isError(), "a resumable pass is not an error of the invocation");
        assertEquals(0, incomplete.exitCode());
    }

    @Test
    void httpAnswersAreReadByStatusAndBody() {
        String body = "{\"ok\":false,\"status\":401,\"error\":\"Unauthorized\",\"message\":\"send a bearer token\"}";
        HandlerAnswer plain = of("{\"statusCode\":401,\"headers\":{},\"body\":" + com.google.gson.JsonParser
                .parseString("\"" + body.replace("\"", "\\\"") + "\"") + ",\"isBase64Encoded\":false}");
        assertEquals(2, plain.exitCode());
        assertEquals("401 Unauthorized: send a bearer token", plain.describe());
        HandlerAnswer encoded = of("{\"statusCode\":409,\"body\":\"" + Base64.getEncoder().encodeToString(
                "{\"error\":\"LeaseHeld\"}".getBytes(StandardCharsets.UTF_8)) + "\",\"isBase64Encoded\":true}");
        assertEquals(4, encoded.exitCode());
        assertEquals("409 LeaseHeld", encoded.describe());
        assertFalse(of("{\"statusCode\":200,\"body\":\"{\\\"ok\\\":true}\"}").isError());
        assertEquals(1, of("{\"statusCode\":502,\"body\":\"\"}").exitCode());
    }

    @Test
    void errorsWithoutAnExitCodeMapByStatus() {
        HandlerAnswer config = of("{\"ok\":false,\"status\":500,\"error\":\"InvalidConfiguration\",\"message\":\"x\"}");
        assertTrue(config.isError());
        assertEquals(1, config.exitCode());
        assertEquals(2, of("{\"ok\":false,\"status\":400,\"error\":\"InvalidOptions\"}").exitCode());
        assertEquals(1, of("not json").exitCode());
    }
}
