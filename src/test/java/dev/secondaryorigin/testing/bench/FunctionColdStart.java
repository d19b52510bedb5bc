package dev.secondaryorigin.testing.bench;

import dev.secondaryorigin.fc.LocalContext;
import dev.secondaryorigin.fc.SyncFunction;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What Function Compute does at a cold start, without the CLI in between: instantiate the handler, initialize it,
 * handle one status event. Prints the milliseconds since the JVM started (scripts/coldstart.sh runs it against
 * each jar it is given). Argument: the local target directory.
 */
public final class FunctionColdStart {
    private FunctionColdStart() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("ORIGIN", "http://127.0.0.1:9");
        env.put("DOMAIN", "www.example.com");
        env.put("SECONDARY_ORIGIN", args[0]);
        SyncFunction function = new SyncFunction(env);
        LocalContext context = new LocalContext("cold-start", 900_000, env, line -> { });
        function.initialize(context);
        byte[] answer = function.invoke("{\"action\":\"status\"}".getBytes(StandardCharsets.UTF_8), context);
        long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println(ms + " " + answer.length);
    }
}
