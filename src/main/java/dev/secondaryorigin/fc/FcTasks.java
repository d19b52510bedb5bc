package dev.secondaryorigin.fc;

import com.google.gson.JsonObject;
import dev.secondaryorigin.task.ConfigException;
import dev.secondaryorigin.task.OptionNaming;
import dev.secondaryorigin.tasks.RegistryLocation;
import dev.secondaryorigin.tasks.RunOutcome;
import dev.secondaryorigin.tasks.TaskLauncher;
import dev.secondaryorigin.tasks.TaskRegistry;
import dev.secondaryorigin.tasks.TaskRunner;
import dev.secondaryorigin.tasks.TaskService;

import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The function's task registry for one invocation: opened from {@value RegistryLocation#ENV} (the dispatcher
 * deployment sets it), with {@code MAX_PARALLEL_TASKS} as the dispatcher's cap; the single-task deployment has no
 * registry and answers task events with a message saying so.
 */
final class FcTasks {
    static final String MAX_PARALLEL_ENV = "MAX_PARALLEL_TASKS";
    static final int DEFAULT_MAX_PARALLEL = 4;

    private FcTasks() {
    }

    /** True for the dispatcher deployment: a registry and no single task of its own. */
    static boolean dispatcherOnly(Map<String, String> env) {
        String registry = env.get(RegistryLocation.ENV);
        String origin = env.get("ORIGIN");
        return registry != null && !registry.trim().isEmpty() && (origin == null || origin.trim().isEmpty());
    }

    /** A pass's answer from the function's sync path ({@code result}, {@code exitCode}) as a run's outcome. */
    static RunOutcome outcome(JsonObject passAnswer) {
        if (passAnswer.has("result") && passAnswer.has("exitCode")) {
            return new RunOutcome(passAnswer.get("result").getAsString(), passAnswer.get("exitCode").getAsInt(), null);
        }
        return RunOutcome.failed(1, passAnswer.has("message") ? passAnswer.get("message").getAsString()
                : passAnswer.toString());
    }

    /** Runs {@code call} against the registry, or answers why there is none. */
    static TaskApi.Answer withApi(Map<String, String> env, TaskRunner runner, Supplier<TaskLauncher> launcher,
                                  String where, Function<TaskApi, TaskApi.Answer> call) {
        String location = env.get(RegistryLocation.ENV);
        if (location == null || location.trim().isEmpty()) {
            return TaskApi.error(501, "NoRegistry", "this function has no task registry: set " + RegistryLocation.ENV
                    + " (oss://bucket/prefix/) and deploy the dispatcher variant (README: Many tasks)");
        }
        int max;
        TaskRegistry registry;
        try {
            max = maxParallel(env.get(MAX_PARALLEL_ENV));
            registry = new TaskRegistry(RegistryLocation.open(RegistryLocation.ENV, location.trim(), env));
        } catch (ConfigException e) {
            return TaskApi.error(500, "InvalidConfiguration", e.messageFor(OptionNaming.ENV)
                    + " (fix the function's environment variable)");
        }
        try {
            return call.apply(new TaskApi(new TaskService(registry, Clock.systemUTC()), runner, launcher, max, env,
                    where));
        } finally {
            try {
                registry.close();
            } catch (java.io.IOException e) {
                // Nothing was left to write.
            }
        }
    }

    static int maxParallel(String raw) {
        if (raw == null || raw.trim().isEmpty()) {
            return DEFAULT_MAX_PARALLEL;
        }
        try {
            int n = Integer.parseInt(raw.trim());
            if (n >= 1 && n <= 1000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(null, MAX_PARALLEL_ENV + " must be a whole number from 1 to 1000, got \"" + raw + "\"");
    }
}
