package dev.secondaryorigin.fc;

import com.aliyun.fc.runtime.Context;
import dev.secondaryorigin.tasks.Firing;
import dev.secondaryorigin.tasks.TaskLauncher;
import dev.secondaryorigin.tasks.TaskName;

import java.util.Map;

/** Starts a dispatched task as an asynchronous invocation of this same function (placeholder until fcapi lands). */
final class FcTaskLauncher implements TaskLauncher {
    private FcTaskLauncher() {
    }

    static TaskLauncher forFunction(Map<String, String> env, Context context) {
        return new FcTaskLauncher();
    }

    @Override
    public String launch(TaskName task, Firing firing) throws LaunchException {
        throw new LaunchException("the FC invoker is not built in yet", null);
    }
}
