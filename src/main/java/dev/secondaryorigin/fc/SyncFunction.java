package dev.secondaryorigin.fc;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.Credentials;
import com.aliyun.fc.runtime.FunctionInitializer;
import com.aliyun.fc.runtime.PreStopHandler;
import com.aliyun.fc.runtime.StreamRequestHandler;
import com.google.gson.JsonObject;
import dev.secondaryorigin.app.Environment;
import dev.secondaryorigin.log.EventLog;
import dev.secondaryorigin.task.ConfigException;
import dev.secondaryorigin.task.OptionNaming;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collections;
import java.util.Map;

import static dev.secondaryorigin.log.EventLog.field;

/**
 * The Function Compute entry point ({@code dev.secondaryorigin.fc.SyncFunction::handleRequest}, runtime
 * java11). Reads the task from environment variables, recognises the event (timer, direct invoke, HTTP
 * trigger, CDN log event) and hands it to {@link FcActions}, which runs the use case within the invocation's
 * time limit and answers with JSON (in the FC 3.0 HTTP response shape for the HTTP trigger). Never throws for
 * a bad event.
 */
public final class SyncFunction implements StreamRequestHandler, FunctionInitializer, PreStopHandler {
    private final FcInstance instance;

    /** The function FC instantiates: the task comes from the process environment. */
    public SyncFunction() {
        this(System.getenv());
    }

    /** A function reading the task from {@code env} (local tries, tests). */
    public SyncFunction(Map<String, String> env) {
        this.instance = new FcInstance(env);
    }

    /** Checks the configuration once per instance, so a bad variable shows in the logs at start-up. */
    @Override
    public void initialize(Context context) {
        EventLog log = InvocationLog.of(context);
        instance.logNearMissesOnce(log);
        if (FcTasks.dispatcherOnly(instance.variables())) {
            return; // the dispatcher deployment: each task's options are in its registry document
        }
        try {
            instance.config(Collections.emptyMap());
            SyncBudget.forLimit(Math.max(1, limitMillis(context)), instance.variables());
        } catch (ConfigException e) {
            log.error("invalid-configuration", field("message", e.messageFor(OptionNaming.ENV)));
        } catch (IllegalArgumentException e) {
            log.error("invalid-configuration", field("message", e.getMessage()));
        }
    }

    /** FC is stopping the instance: a pass in flight stops taking work and checkpoints. */
    @Override
    public void preStop(Context context) {
        EventLog log = InvocationLog.of(context);
        try {
            if (!instance.stopRunning(25, () -> log.warn("pre-stop",
                    field("message", "instance stopping; checkpointing the pass in flight")))) {
                log.error("pre-stop", field("message", "the pass did not checkpoint within 25 s; the "
                        + "next run resumes from the last periodic checkpoint"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write(handle(input, context));
        output.flush();
    }

    /** Handles one event and returns the answer's bytes (for {@code cli invoke} and tests). */
    public byte[] invoke(byte[] event, Context context) throws IOException {
        return handle(new ByteArrayInputStream(event), context);
    }

    private byte[] handle(InputStream input, Context context) throws IOException {
        EventLog log = InvocationLog.of(context);
        instance.logNearMissesOnce(log);
        FcActions actions = new FcActions(instance, environment(context), limitMillis(context), log);
        FcEvent event;
        try {
            JsonObject root = FcEventParser.object(input);
            TaskEvents.Request taskEvent = TaskEvents.recognize(root);
            if (taskEvent != null) {
                TaskApi.Answer a = actions.tasks(context, taskEvent.action, api -> TaskEvents.handle(taskEvent, api));
                return new Answer(a.status, a.json).bytes();
            }
            event = FcEventParser.parse(root);
        } catch (InvalidEvent e) {
            log.error("invalid-event", field("status", e.status()), field("error", e.code()),
                    field("message", e.getMessage()));
            return e.httpShaped() ? e.toHttpResponse().toBytes() : new Answer(e.status(), e.toJson()).bytes();
        }
        try {
            switch (event.kind()) {
                case TIMER:
                    FcEvent.Timer t = (FcEvent.Timer) event;
                    return actions.run(t.action(), t.overrides(), null, "timer:" + t.triggerName()).bytes();
                case INVOKE:
                    FcEvent.Invoke i = (FcEvent.Invoke) event;
                    return (i.action() == Action.ROLLBACK ? actions.rollback(i.overrides(), i.toPass(), "invoke")
                            : actions.run(i.action(), i.overrides(), i.drill(), "invoke")).bytes();
                case HTTP:
                    return HttpTrigger.handle((FcEvent.Http) event, instance, actions, context, log).toBytes();
                case CDN_LOG_FILES:
                default:
                    return actions.cdnLogFiles((FcEvent.CdnLogFiles) event).bytes();
            }
        } catch (RuntimeException e) {
            // A bug or an unexpected failure: answer and log it, never let FC print a bare stack trace.
            log.error("failure", field("error", e.getClass().getSimpleName()),
                    field("message", String.valueOf(e.getMessage())));
            Answer a = Answer.error(500, "InternalError", e.getClass().getSimpleName() + ": " + e.getMessage());
            return event.kind() == FcEvent.Kind.HTTP ? a.http().toBytes() : a.bytes();
        }
    }

    /**
     * The variables with the invocation's execution-role credentials: in FC they come with each invocation
     * ({@code context.getExecutionCredentials()}) and are fresher than the ones the instance started with.
     */
    private Environment environment(Context context) {
        Environment env = Environment.of(instance.variables());
        Credentials c = context == null ? null : context.getExecutionCredentials();
        return c == null ? env : env.withRoleCredentials(c.getAccessKeyId(), c.getAccessKeySecret(),
                c.getSecurityToken());
    }

    private static long limitMillis(Context context) {
        return context.getFunctionParam() == null ? 0 : context.getFunctionParam().getExecTimeLimitInMillis();
    }
}
