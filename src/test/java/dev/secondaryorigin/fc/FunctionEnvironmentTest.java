package dev.secondaryorigin.fc;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The function requires its secondary origin (no silent {@code ./backup}) and points out variables that look
 * like misspellings of its own, in a log line and in {@code status}, without a word about FC's variables.
 */
class FunctionEnvironmentTest {
    @TempDir
    Path dir;

    private final List<String> logs = new CopyOnWriteArrayList<>();

    private LocalContext context() {
        return new LocalContext("req-env", 60_000, Collections.emptyMap(), logs::add);
    }

    private static JsonObject json(byte[] bytes) {
        return JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static byte[] event(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** What FC itself puts in a function's environment (FC 3.0, java11 runtime), plus a shell's. */
    private static Map<String, String> fcRuntimeVariables() {
        Map<String, String> env = new HashMap<>();
        for (String name : Arrays.asList("FC_FUNCTION_NAME", "FC_FUNCTION_HANDLER", "FC_FUNCTION_MEMORY_SIZE",
                "FC_REGION", "FC_ACCOUNT_ID", "FC_INSTANCE_ID", "FC_RUNTIME_API", "FC_SERVER_PATH",
                "FC_FUNC_CODE_PATH", "FC_SERVER_PORT", "FC_CUSTOM_LISTEN_PORT", "ALIBABA_CLOUD_ACCESS_KEY_ID",
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN", "PATH", "HOME", "HOSTNAME",
                "LANG", "TZ", "PWD", "SHLVL", "TMOUT", "JAVA_HOME", "LD_LIBRARY_PATH", "TERM", "USER", "_")) {
            env.put(name, "x");
        }
        return env;
    }

    @Test
    void aMissingSecondaryOriginIsAnErrorNamingTheVariableAndItsLikelyMisspelling() throws Exception {
        Map<String, String> env = fcRuntimeVariables();
        env.put("ORIGIN", "http://127.0.0.1:1/");
        env.put("SECONDARY_ORIGN", dir.resolve("meant").toString());
        Path cwdBackup = java.nio.file.Paths.get("backup");
        boolean existedBefore = Files.exists(cwdBackup);

        JsonObject r = json(new SyncFunction(env).invoke(event("{\"action\":\"sync\"}"), context()));

        assertEquals(500, r.get("status").getAsInt(), r.toString());
        assertEquals("InvalidConfiguration", r.get("error").getAsString(), r.toString());
        String message = r.get("message").getAsString();
        assertTrue(message.startsWith("SECONDARY_ORIGIN is required"), message);
        assertTrue(message.contains("SECONDARY_ORIGN is set: a misspelling of SECONDARY_ORIGIN?"), message);
        assertEquals(existedBefore, Files.exists(cwdBackup), "nothing written to ./backup");
        assertFalse(Files.exists(dir.resolve("meant")));

        // The same for every action that reads the task: status, the HTTP API's reports, CDN log events.
        JsonObject status = json(new SyncFunction(env).invoke(event("{\"action\":\"status\"}"), context()));
        assertEquals(500, status.get("status").getAsInt(), status.toString());
        assertTrue(status.get("message").getAsString().contains("SECONDARY_ORIGIN"), status.toString());
    }

    @Test
    void nearMissesAreLoggedOnceAndListedInStatusWithTheNameTheyProbablyMean() throws Exception {
        Map<String, String> env = fcRuntimeVariables();
        env.put("ORIGIN", "http://127.0.0.1:1/");
        env.put("SECONDARY_ORIGIN", dir.resolve("backup").toString());
        env.put("CONCURENCY", "4");
        env.put("max_depth", "3");
        env.put("HTTP_TOKN", "x");
        SyncFunction f = new SyncFunction(env);

        JsonObject status = json(f.invoke(event("{\"action\":\"status\"}"), context()));
        f.invoke(event("{\"action\":\"status\"}"), context());

        assertTrue(status.get("ok").getAsBoolean(), status.toString());
        JsonArray warnings = status.getAsJsonArray("environmentWarnings");
        Map<String, String> suggested = new HashMap<>();
        for (int i = 0; i < warnings.size(); i++) {
            JsonObject w = warnings.get(i).getAsJsonObject();
            suggested.put(w.get("variable").getAsString(), w.get("suggestion").getAsString());
            assertTrue(w.get("message").getAsString().contains("did you mean " + w.get("suggestion").getAsString()));
        }
        Map<String, String> expected = new HashMap<>();
        expected.put("CONCURENCY", "CONCURRENCY");
        expected.put("max_depth", "MAX_DEPTH");
        expected.put("HTTP_TOKN", "HTTP_TOKEN");
        assertEquals(expected, suggested, "only our near misses, never FC's or the shell's variables");

        List<String> lines = new ArrayList<>();
        for (String l : logs) {
            if (l.contains("\"msg\":\"unknown-variable\"")) {
                lines.add(l);
            }
        }
        assertEquals(3, lines.size(), "one line per variable, once per instance: " + logs);
        assertTrue(lines.get(0).contains("CONCURENCY") && lines.get(0).contains("CONCURRENCY"), lines.get(0));
        assertTrue(lines.get(0).contains("\"requestId\":\"req-env\""), lines.get(0));
    }

    @Test
    void theDistanceRuleIsStrictForShortNames() {
        assertEquals(1, FunctionEnvironment.distance("FUL", "FULL", 2));
        assertEquals(3, FunctionEnvironment.distance("SHELL", "FULL", 2), "stops counting past the limit");
        List<String> names = Arrays.asList("FULLL", "NUL", "ENTRYS", "ENTRIES", "SECONDARY_ORIGN", "ORIGINS", "ENTRIES", "TIMEOUTS",
                "DOMAIN", "REGION", "SCHEDULE", "FC_ORIGIN", "ALIBABA_CLOUD_REGION", "LC_TIME", "WARMUP");
        Map<String, String> found = new HashMap<>();
        for (FunctionEnvironment.NearMiss m : FunctionEnvironment.nearMisses(names)) {
            found.put(m.variable(), m.suggestion());
        }
        Map<String, String> expected = new HashMap<>();
        expected.put("FULLL", "FULL");
        expected.put("SECONDARY_ORIGN", "SECONDARY_ORIGIN");
        expected.put("ORIGINS", "ORIGIN");
        expected.put("TIMEOUTS", "TIMEOUT");
        expected.put("ENTRYS", "ENTRY");
        expected.put("ENTRIES", "RETRIES");
        // NUL is two edits from FULL, too many for a 4-letter name; REGION and SCHEDULE are deploy.sh's.
        assertEquals(expected, found);
    }
}
