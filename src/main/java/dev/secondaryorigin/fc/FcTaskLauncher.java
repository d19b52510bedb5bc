package dev.secondaryorigin.fc;

import com.aliyun.fc.runtime.Context;
import com.google.gson.JsonObject;
import dev.secondaryorigin.fcapi.AsyncInvocation;
import dev.secondaryorigin.fcapi.AsyncTaskId;
import dev.secondaryorigin.fcapi.Backoff;
import dev.secondaryorigin.credentials.CloudCredentials;
import dev.secondaryorigin.fcapi.FunctionInvoker;
import dev.secondaryorigin.fcapi.FunctionTarget;
import dev.secondaryorigin.fcapi.InvocationAccepted;
import dev.secondaryorigin.fcapi.InvokeFailedException;
import dev.secondaryorigin.tasks.Firing;
import dev.secondaryorigin.tasks.TaskLauncher;
import dev.secondaryorigin.tasks.TaskName;

import java.util.Map;

/**
 * Starts a dispatched task as an asynchronous invocation of this same function,
 * {@code {"action":"task-run","name":…,"firing":…}}, with an async task id derived from the task and firing, so
 * FC drops a repeated launch of the same firing and the run's started marker drops a redelivery.
 */
final class FcTaskLauncher implements TaskLauncher {
    /** Optional: the FC OpenAPI endpoint (a private gateway, a test's emulator); default: the account's own. */
    static final String ENDPOINT_ENV = "INVOKE_ENDPOINT";

    private final FunctionInvoker invoker;

    FcTaskLauncher(FunctionInvoker invoker) {
        this.invoker = invoker;
    }

    /** The launcher of the function this invocation runs in, with the invocation's credentials. */
    static TaskLauncher forFunction(Map<String, String> env, Context context) {
        String qualifier = context != null && context.getService() != null ? context.getService().getQualifier() : null;
        FunctionTarget self = FunctionTarget.self(env, env.get(ENDPOINT_ENV), ENDPOINT_ENV, qualifier);
        return new FcTaskLauncher(new FunctionInvoker(self, CloudCredentials.fromEnvironment(env), Backoff.DEFAULT));
    }

    /** The event a launched run receives. */
    static String payload(TaskName task, Firing firing) {
        JsonObject o = new JsonObject();
        o.addProperty("action", "task-run");
        o.addProperty("name", task.value());
        o.addProperty("firing", firing.id());
        return o.toString();
    }

    @Override
    public String launch(TaskName task, Firing firing) throws LaunchException {
        try {
            InvocationAccepted a = invoker.startAsync(AsyncInvocation.of(payload(task, firing),
                    AsyncTaskId.forKey(task.value(), firing.id())));
            return a.requestId() != null ? a.requestId() : a.taskId();
        } catch (InvokeFailedException e) {
            throw new LaunchException(e.getMessage(), e);
        }
    }
}
