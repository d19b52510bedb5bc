package dev.secondaryorigin.fc;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.FunctionComputeLogger;
import com.aliyun.fc.runtime.FunctionInitializer;
import com.aliyun.fc.runtime.PreStopHandler;
import com.aliyun.fc.runtime.StreamRequestHandler;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.secondaryorigin.cdn.CdnUrlSources;
import dev.secondaryorigin.cdn.TaskCdn;
import dev.secondaryorigin.state.StateRepository;
import dev.secondaryorigin.store.ObjectStore;
import dev.secondaryorigin.store.ObjectStores;
import dev.secondaryorigin.sync.Deadline;
import dev.secondaryorigin.sync.Drill;
import dev.secondaryorigin.sync.DrillKind;
import dev.secondaryorigin.sync.DrillPlan;
import dev.secondaryorigin.sync.DrillProbe;
import dev.secondaryorigin.sync.DrillReport;
import dev.secondaryorigin.sync.PassListener;
import dev.secondaryorigin.sync.PassReport;
import dev.secondaryorigin.sync.StoredPaths;
import dev.secondaryorigin.sync.SyncPass;
import dev.secondaryorigin.task.ConfigException;
import dev.secondaryorigin.task.OptionNaming;
import dev.secondaryorigin.task.TaskConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Function Compute entry point ({@code dev.secondaryorigin.fc.SyncFunction::handleRequest}, runtime
 * java11). Reads the task from environment variables, recognises the event (timer, direct invoke, HTTP
 * trigger, CDN log event), runs a sync pass within the invocation's time limit or reads the state, and
 * answers with JSON (in the FC 3.0 HTTP response shape for the HTTP trigger). Logs one JSON line per
 * pass summary and per failure, each with the request id. Never throws for a bad event.
 */
public final class SyncFunction implements StreamRequestHandler, FunctionInitializer, PreStopHandler {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    /** URL failures logged per invocation; beyond that they are only counted in the summary. */
    private static final int MAX_FAILURE_LINES = 100;

    private final Map<String, String> env;
    private final Object runLock = new Object();
    private volatile SyncPass running;
    private volatile CountDownLatch runningDone;
    /** Variables that look like misspellings of ours, reported once per instance and in every status. */
    private final List<FunctionEnvironment.NearMiss> nearMisses;
    private final java.util.concurrent.atomic.AtomicBoolean nearMissesLogged = new java.util.concurrent.atomic.AtomicBoolean();

    /** The function FC instantiates: the task comes from the process environment. */
    public SyncFunction() {
        this(System.getenv());
    }

    /** A function reading the task from {@code env} (local tries, tests). */
    public SyncFunction(Map<String, String> env) {
        this.env = Collections.unmodifiableMap(new java.util.HashMap<>(env));
        this.nearMisses = FunctionEnvironment.nearMisses(this.env.keySet());
    }

    private void logNearMissesOnce(Context context) {
        if (!nearMisses.isEmpty() && nearMissesLogged.compareAndSet(false, true)) {
            for (FunctionEnvironment.NearMiss m : nearMisses) {
                log(context, "WARN", "unknown-variable", field("variable", m.variable()),
                        field("suggestion", m.suggestion()), field("message", m.message()));
            }
        }
    }

    /** Checks the configuration once per instance, so a bad variable shows in the logs at start-up. */
    @Override
    public void initialize(Context context) {
        logNearMissesOnce(context);
        if (FcTasks.dispatcherOnly(env)) {
            return; // the dispatcher deployment: each task's options are in its registry document
        }
        try {
            baseConfig(Collections.emptyMap());
            SyncBudget.forLimit(Math.max(1, limitMillis(context)), env);
        } catch (ConfigException e) {
            log(context, "ERROR", "invalid-configuration", field("message", e.messageFor(OptionNaming.ENV)));
        } catch (IllegalArgumentException e) {
            log(context, "ERROR", "invalid-configuration", field("message", e.getMessage()));
        }
    }

    /** FC is stopping the instance: a pass in flight stops taking work and checkpoints. */
    @Override
    public void preStop(Context context) {
        SyncPass pass = running;
        CountDownLatch done = runningDone;
        if (pass == null || done == null) {
            return;
        }
        log(context, "WARN", "pre-stop", field("message", "instance stopping; checkpointing the pass in flight"));
        pass.requestStop();
        try {
            if (!done.await(25, TimeUnit.SECONDS)) {
                log(context, "ERROR", "pre-stop", field("message", "the pass did not checkpoint within 25 s; the "
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
        logNearMissesOnce(context);
        byte[] raw = input.readNBytes(FcEventParser.MAX_EVENT_BYTES + 1);
        TaskEvents.Request taskEvent = raw.length <= FcEventParser.MAX_EVENT_BYTES ? TaskEvents.recognize(raw) : null;
        if (taskEvent != null) {
            return bytes(tasks(context, taskEvent.action, api -> TaskEvents.handle(taskEvent, api)).json);
        }
        FcEvent event;
        try {
            event = FcEventParser.parse(new ByteArrayInputStream(raw));
        } catch (InvalidEvent e) {
            log(context, "ERROR", "invalid-event", field("status", e.status()), field("error", e.code()),
                    field("message", e.getMessage()));
            return e.httpShaped() ? e.toHttpResponse().toBytes() : bytes(e.toJson());
        }
        try {
            switch (event.kind()) {
                case TIMER:
                    FcEvent.Timer t = (FcEvent.Timer) event;
                    return bytes(action(t.action(), t.overrides(), "timer:" + t.triggerName(), context).json);
                case INVOKE:
                    FcEvent.Invoke i = (FcEvent.Invoke) event;
                    return bytes((i.action() == Action.ROLLBACK
                            ? rollback(i.overrides(), i.toPass(), "invoke", context)
                            : action(i.action(), i.overrides(), i.drill(), "invoke", context)).json);
                case HTTP:
                    return http((FcEvent.Http) event, context).toBytes();
                case CDN_LOG_FILES:
                default:
                    return bytes(cdnLogFiles((FcEvent.CdnLogFiles) event, context));
            }
        } catch (RuntimeException e) {
            // A bug or an unexpected failure: answer and log it, never let FC print a bare stack trace.
            log(context, "ERROR", "failure", field("error", e.getClass().getSimpleName()),
                    field("message", String.valueOf(e.getMessage())));
            JsonObject o = error(500, "InternalError", e.getClass().getSimpleName() + ": " + e.getMessage());
            return event.kind() == FcEvent.Kind.HTTP ? HttpResponse.json(500, o).toBytes() : bytes(o);
        }
    }

    private HttpResponse http(FcEvent.Http request, Context context) {
        HttpResponse refused = HttpAccess.fromEnvironment(env).check(request);
        if (refused != null) {
            log(context, "WARN", "http-refused", field("status", refused.statusCode()), field("path", request.path()),
                    field("sourceIp", request.sourceIp()));
            return refused;
        }
        if (TaskRoutes.matches(request.path())) {
            return tasks(context, request.method() + " " + request.path(), api -> TaskRoutes.handle(request, api))
                    .toHttp();
        }
        HttpRoute route;
        try {
            route = HttpRoute.of(request);
        } catch (HttpRoute.HttpRouteException e) {
            return e.response();
        }
        Result r;
        switch (route.kind()) {
            case SYNC:
                r = action(Action.SYNC, route.overrides(), "http", context);
                break;
            case STATUS:
                r = action(Action.STATUS, Collections.emptyMap(), "http", context);
                break;
            case ROLLBACK:
                r = rollback(Collections.emptyMap(), route.reportId(), "http", context);
                break;
            case DRILL:
                r = action(Action.DRILL, Collections.emptyMap(), route.drill(), "http", context);
                break;
            case REPORT:
            default:
                r = report(route.reportId(), context);
                break;
        }
        return HttpResponse.json(r.status, r.json);
    }

    /**
     * The task registry's operations (issue 13): a dispatched task's pass runs through {@link #sync} with the
     * task's configuration; the dispatcher launches through this function's own asynchronous invocation.
     */
    private TaskApi.Answer tasks(Context context, String action,
                                 java.util.function.Function<TaskApi, TaskApi.Answer> call) {
        Map<String, String> vars = withCredentials(context);
        TaskApi.Answer a = FcTasks.withApi(vars,
                task -> FcTasks.outcome(sync(task.config(), "task:" + task.name(), context).json),
                () -> FcTaskLauncher.forFunction(vars, context), "fc " + (context == null ? "?" : context.getRequestId()),
                call);
        log(context, a.status < 400 ? "INFO" : "WARN", "task-action", field("action", action),
                field("status", a.status), field("message", a.json.has("message") ? a.json.get("message") : null));
        return a;
    }

    private Result action(Action action, Map<String, List<String>> overrides, String trigger, Context context) {
        return action(action, overrides, null, trigger, context);
    }

    private Result action(Action action, Map<String, List<String>> overrides, DrillRequest drill, String trigger,
                          Context context) {
        TaskConfig config;
        try {
            config = baseConfig(overrides);
        } catch (ConfigException e) {
            boolean fromEvent = e.option() != null && overrides.containsKey(e.option());
            String message = e.messageFor(fromEvent ? OptionNaming.JSON : OptionNaming.ENV);
            log(context, "ERROR", "invalid-configuration", field("trigger", trigger), field("message", message));
            return new Result(fromEvent ? 400 : 500, error(fromEvent ? 400 : 500,
                    fromEvent ? "InvalidOptions" : "InvalidConfiguration",
                    fromEvent ? message : message + " (fix the function's environment variable)"));
        }
        switch (action) {
            case SYNC:
                return sync(config, trigger, context);
            case STATUS:
                return status(config, context);
            case VERIFY:
                return verify(config, context);
            case GUARD:
                return guard(config, trigger, context);
            case DRILL:
                return drill(config, drill != null ? drill : DrillRequest.defaults(DrillRequest.INVOKE_SAMPLE), trigger,
                        context);
            default:
                JsonObject o = new JsonObject();
                o.addProperty("ok", true);
                o.addProperty("action", action.wireName());
                o.addProperty("result", "not-enabled");
                o.addProperty("message", "the " + action.wireName() + " action is not enabled in this build");
                log(context, "INFO", "not-enabled", field("action", action.wireName()), field("trigger", trigger));
                return new Result(501, o);
        }
    }

    private Result sync(TaskConfig config, String trigger, Context context) {
        Duration budget;
        try {
            budget = SyncBudget.forLimit(limitMillis(context), env);
        } catch (IllegalArgumentException e) {
            log(context, "ERROR", "invalid-configuration", field("message", e.getMessage()));
            return new Result(500, error(500, "InvalidConfiguration", e.getMessage()));
        }
        if (config.maxSeconds() > 0 && config.maxSeconds() * 1000 < budget.toMillis()) {
            budget = Duration.ofSeconds(config.maxSeconds());
        }
        AtomicInteger failures = new AtomicInteger();
        PassListener listener = new PassListener() {
            @Override
            public void failure(String path, String kind, String message) {
                if (failures.incrementAndGet() <= MAX_FAILURE_LINES) {
                    log(context, "WARN", "url-failure", field("task", config.taskName()), field("path", path),
                            field("kind", kind), field("message", message));
                }
            }
        };
        PassReport report;
        TaskCdn cdn = new TaskCdn(config, withCredentials(context));
        JsonObject cdnSources = new JsonObject();
        StoredPaths stored = new StoredPaths(listener, 1_000_000);
        synchronized (runLock) {
            try (ObjectStore store = openStore(config, context)) {
                List<String> seeds = cdn.seeds(cdnSources, line -> log(context, "WARN", "cdn-sources",
                        field("task", config.taskName()), field("message", line)));
                SyncPass pass = new SyncPass(config, store, stored).extraSeeds(seeds);
                runningDone = new CountDownLatch(1);
                running = pass;
                try {
                    report = pass.run(Deadline.after(budget));
                } finally {
                    running = null;
                    runningDone.countDown();
                }
            } catch (ConfigException e) {
                String message = e.messageFor(OptionNaming.ENV);
                log(context, "ERROR", "invalid-configuration", field("trigger", trigger), field("message", message));
                return new Result(500, error(500, "InvalidConfiguration", message));
            } catch (IOException | RuntimeException e) {
                log(context, "ERROR", "pass-failed", field("trigger", trigger), field("task", config.taskName()),
                        field("error", e.getClass().getSimpleName()), field("message", String.valueOf(e.getMessage())),
                        field("at", where(e)));
                return new Result(500, error(500, "PassFailed", e.getClass().getSimpleName() + ": " + e.getMessage()
                        + "; the backup was left as it was and the next run retries"));
            }
        }
        JsonObject reportJson = report.toJson();
        if (cdn.wantsSeeds()) {
            reportJson.add("cdnSources", cdnSources);
        }
        JsonObject warmup = cdn.warmup(stored.paths());
        if (warmup != null) {
            reportJson.add("warmup", warmup);
        }
        JsonObject summary = reportJson.deepCopy();
        summary.addProperty("trigger", trigger);
        summary.addProperty("budgetMs", budget.toMillis());
        summary.addProperty("urlFailures", failures.get());
        log(context, report.result() == PassReport.Result.COMPLETE || report.result() == PassReport.Result.INCOMPLETE
                ? "INFO" : "WARN", "pass", summary);
        JsonObject o = new JsonObject();
        o.addProperty("ok", report.result() == PassReport.Result.COMPLETE
                || report.result() == PassReport.Result.INCOMPLETE);
        o.addProperty("action", "sync");
        o.addProperty("result", report.result().id());
        o.addProperty("exitCode", report.exitCode());
        o.add("report", reportJson);
        int status;
        switch (report.result()) {
            case COMPLETE:
            case INCOMPLETE:
                status = 200;
                break;
            case LEASE_HELD:
            case LEASE_LOST:
                status = 409;
                break;
            default:
                status = 502;
        }
        return new Result(status, o);
    }

    /**
     * A failover drill within the invocation's time budget: a sample of the manifest's URLs (or all) requested
     * through the bucket's own domain (or the event's {@code via}) and compared with the origin's answers.
     */
    private Result drill(TaskConfig config, DrillRequest request, String trigger, Context context) {
        Duration budget;
        try {
            budget = SyncBudget.forLimit(limitMillis(context), env);
        } catch (IllegalArgumentException e) {
            log(context, "ERROR", "invalid-configuration", field("message", e.getMessage()));
            return new Result(500, error(500, "InvalidConfiguration", e.getMessage()));
        }
        try (ObjectStore store = openStore(config, context)) {
            String via = request.via();
            String host = request.host();
            if (via == null) {
                Drill.Via bucket = Drill.defaultVia(store);
                if (bucket == null) {
                    return new Result(400, error(400, "InvalidOptions", "a local target has no website endpoint: invoke "
                            + "{\"action\":\"drill\",\"via\":\"http://...\"} with the URL of a server that serves it"));
                }
                via = bucket.base();
                host = host != null ? host : bucket.host();
            }
            Drill drill = new Drill(via, host, Math.min(config.concurrency(), 16), config.timeoutSeconds());
            DrillPlan plan = new DrillPlan(new StateRepository(store, config.taskName()).loadManifest());
            long seed = System.nanoTime();
            List<DrillProbe> probes = request.sample() == 0 ? plan.all() : plan.sample(request.sample(), seed);
            DrillReport report = drill.run(probes, request.sample() == 0 ? "all"
                    : "sample of " + request.sample() + " (seed " + seed + ")", Deadline.after(budget));
            List<DrillKind> below = report.below(request.minReady());
            String result = report.tried() == 0 ? "nothing-to-drill" : !below.isEmpty() ? "not-ready"
                    : report.complete() ? "ready" : "incomplete";
            int exit = report.tried() == 0 || !below.isEmpty() ? 1 : report.complete() ? 0 : 3;
            JsonObject r = report.toJson();
            r.addProperty("task", config.taskName());
            if (host != null) {
                r.addProperty("host", host);
            }
            r.addProperty("minReadyPercent", request.minReady());
            JsonArray belowJson = new JsonArray();
            for (DrillKind k : below) {
                belowJson.add(k.id());
            }
            r.add("belowMinReady", belowJson);
            JsonObject o = new JsonObject();
            o.addProperty("ok", true);
            o.addProperty("action", "drill");
            o.addProperty("result", result);
            o.addProperty("exitCode", exit);
            o.add("drill", r);
            log(context, exit == 0 ? "INFO" : "WARN", "drill", field("task", config.taskName()), field("trigger", trigger),
                    field("result", result), field("via", report.via()), field("tried", report.tried()),
                    field("ready", report.ready()), field("readinessPercent", report.readiness()),
                    field("kinds", r.get("kinds")));
            return new Result(200, o);
        } catch (ConfigException e) {
            return new Result(400, error(400, "InvalidOptions", e.messageFor(OptionNaming.JSON)));
        } catch (IOException | RuntimeException e) {
            log(context, "ERROR", "drill-failed", field("error", e.getClass().getSimpleName()),
                    field("message", String.valueOf(e.getMessage())));
            return new Result(500, error(500, "DrillFailed", e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private Result guard(TaskConfig config, String trigger, Context context) {
        try (ObjectStore store = openStore(config, context)) {
            JsonObject g = GuardRun.run(config, store, withCredentials(context), line -> log(context, "WARN", "guard",
                    field("task", config.taskName()), field("message", line)));
            JsonObject o = new JsonObject();
            o.addProperty("ok", true);
            o.addProperty("action", "guard");
            o.add("guard", g);
            log(context, "INFO", "guard-run", field("task", config.taskName()), field("trigger", trigger),
                    field("result", g.get("action").getAsString()),
                    field("mode", g.has("mode") ? g.get("mode").getAsString() : null));
            return new Result(200, o);
        } catch (ConfigException e) {
            String message = e.messageFor(OptionNaming.ENV);
            log(context, "ERROR", "invalid-configuration", field("trigger", trigger), field("message", message));
            return new Result(500, error(500, "InvalidConfiguration", message));
        } catch (IOException | RuntimeException e) {
            log(context, "ERROR", "guard-failed", field("error", e.getClass().getSimpleName()),
                    field("message", String.valueOf(e.getMessage())));
            return new Result(500, error(500, "GuardFailed", e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    /** Rolls the backup back to an earlier pass; a missing or unknown pass is a 400 naming the valid ones. */
    private Result rollback(Map<String, List<String>> overrides, String toPass, String trigger, Context context) {
        TaskConfig config;
        try {
            config = baseConfig(overrides);
        } catch (ConfigException e) {
            if (e.option() == null || !overrides.containsKey(e.option())) {
                String message = e.messageFor(OptionNaming.ENV);
                log(context, "ERROR", "invalid-configuration", field("trigger", trigger), field("message", message));
                return new Result(500, error(500, "InvalidConfiguration",
                        message + " (fix the function's environment variable)"));
            }
            return new Result(400, error(400, "InvalidOptions", e.messageFor(OptionNaming.JSON)));
        }
        synchronized (runLock) {
            try (ObjectStore store = openStore(config, context)) {
                StateRepository state = new StateRepository(store, config.taskName());
                if (toPass == null) {
                    List<String> valid = new dev.secondaryorigin.state.PassHistory(state).rollbackTargetIds();
                    return new Result(400, error(400, "MissingPass", "the rollback action needs \"toPass\": one of "
                            + (valid.isEmpty() ? "(none recorded)" : String.join(", ", valid))));
                }
                dev.secondaryorigin.sync.Rollback.Outcome out = new dev.secondaryorigin.sync.Rollback(state)
                        .run(toPass, config.leaseSeconds() * 1000);
                JsonObject o = out.toJson();
                o.addProperty("ok", true);
                o.addProperty("action", "rollback");
                o.addProperty("task", config.taskName());
                log(context, "INFO", "rollback", field("task", config.taskName()), field("trigger", trigger),
                        field("toPass", toPass), field("restored", out.restored()), field("deleted", out.deleted()));
                return new Result(200, o);
            } catch (dev.secondaryorigin.sync.Rollback.UnknownPassException e) {
                return new Result(400, error(400, "UnknownPass", e.getMessage()));
            } catch (dev.secondaryorigin.state.LeaseHeldException e) {
                return new Result(409, error(409, "LeaseHeld", e.getMessage()));
            } catch (IOException | RuntimeException e) {
                log(context, "ERROR", "rollback-failed", field("error", e.getClass().getSimpleName()),
                        field("message", String.valueOf(e.getMessage())));
                return new Result(500, error(500, "RollbackFailed", e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
    }

    private Result status(TaskConfig config, Context context) {
        try (ObjectStore store = openStore(config, context)) {
            StateRepository state = new StateRepository(store, config.taskName());
            JsonObject o = new JsonObject();
            o.addProperty("ok", true);
            o.addProperty("action", "status");
            o.addProperty("task", config.taskName());
            o.addProperty("target", store.describe());
            for (java.util.Map.Entry<String, com.google.gson.JsonElement> e : state.status().entrySet()) {
                o.add(e.getKey(), e.getValue());
            }
            JsonArray warnings = new JsonArray();
            for (FunctionEnvironment.NearMiss m : nearMisses) {
                JsonObject w = new JsonObject();
                w.addProperty("variable", m.variable());
                w.addProperty("suggestion", m.suggestion());
                w.addProperty("message", m.message());
                warnings.add(w);
            }
            o.add("environmentWarnings", warnings);
            o.add("schedule", scheduleStatus(env));
            return new Result(200, o);
        } catch (IOException | RuntimeException e) {
            log(context, "ERROR", "status-failed", field("error", e.getClass().getSimpleName()),
                    field("message", String.valueOf(e.getMessage())));
            return new Result(500, error(500, "StatusFailed", e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    /**
     * The timer's schedule as deployed (the {@value TimerSchedule#ENV} variable s.yaml and the ROS template
     * set from the same value as the trigger), checked by the same rules as {@code scripts/deploy.sh}.
     */
    static JsonObject scheduleStatus(Map<String, String> env) {
        JsonObject s = new JsonObject();
        String raw = env.get(TimerSchedule.ENV);
        if (raw == null || raw.trim().isEmpty()) {
            s.addProperty("known", false);
            return s;
        }
        s.addProperty("expression", raw.trim());
        try {
            TimerSchedule t = TimerSchedule.parse(raw);
            s.addProperty("valid", true);
            s.addProperty("kind", t.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            if (t.zone() != null) {
                s.addProperty("timeZone", t.zone());
            }
        } catch (IllegalArgumentException e) {
            s.addProperty("valid", false);
            s.addProperty("error", e.getMessage());
        }
        return s;
    }

    /** Every object the manifest says is stored is present with its recorded size and MD5. */
    private Result verify(TaskConfig config, Context context) {
        try (ObjectStore store = openStore(config, context)) {
            JsonObject v = new dev.secondaryorigin.sync.Verifier(store, config.taskName(), null, null,
                    config.concurrency()).run();
            boolean ready = v.get("failed").getAsLong() == 0 && v.get("objects").getAsLong() > 0;
            JsonObject o = new JsonObject();
            o.addProperty("ok", ready);
            o.addProperty("action", "verify");
            o.addProperty("task", config.taskName());
            o.add("verify", v);
            log(context, ready ? "INFO" : "WARN", "verify", field("task", config.taskName()),
                    field("objects", v.get("objects").getAsLong()), field("failed", v.get("failed").getAsLong()));
            return new Result(200, o);
        } catch (IOException | RuntimeException e) {
            log(context, "ERROR", "verify-failed", field("error", e.getClass().getSimpleName()),
                    field("message", String.valueOf(e.getMessage())));
            return new Result(500, error(500, "VerifyFailed", e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private Result report(String id, Context context) {
        TaskConfig config;
        try {
            config = baseConfig(Collections.emptyMap());
        } catch (ConfigException e) {
            return new Result(500, error(500, "InvalidConfiguration", e.messageFor(OptionNaming.ENV)));
        }
        try (ObjectStore store = openStore(config, context)) {
            Optional<JsonObject> r = new StateRepository(store, config.taskName()).report(id);
            return r.isPresent() ? new Result(200, r.get())
                    : new Result(404, error(404, "NotFound", "no report " + id + " for task " + config.taskName()));
        } catch (IOException | RuntimeException e) {
            log(context, "ERROR", "report-failed", field("message", String.valueOf(e.getMessage())));
            return new Result(500, error(500, "ReportFailed", String.valueOf(e.getMessage())));
        }
    }

    /**
     * CDN {@code LogFileCreated}: reads each new log file of the task's domain and adds the URLs answered
     * 200 to the task's pending seeds, which the next pass visits. Files of other domains are skipped.
     */
    private JsonObject cdnLogFiles(FcEvent.CdnLogFiles event, Context context) {
        TaskConfig config;
        try {
            config = baseConfig(Collections.emptyMap());
        } catch (ConfigException e) {
            String message = e.messageFor(OptionNaming.ENV);
            log(context, "ERROR", "invalid-configuration", field("trigger", "cdn-event"), field("message", message));
            return error(500, "InvalidConfiguration", message + " (fix the function's environment variable)");
        }
        TaskCdn cdn = new TaskCdn(config, env);
        CdnUrlSources sources;
        try {
            sources = cdn.logFileSources();
        } catch (IllegalArgumentException e) {
            return error(500, "InvalidConfiguration", e.getMessage());
        }
        JsonArray files = new JsonArray();
        int read = 0;
        for (FcEvent.LogFile f : event.files()) {
            JsonObject o = new JsonObject();
            o.addProperty("domain", f.domain());
            o.addProperty("file", f.safePath());
            if (!cdn.ownsDomain(f.domain())) {
                o.addProperty("result", "skipped");
                o.addProperty("message", "domain " + f.domain() + " is not this task's (" + config.domain() + ")");
            } else if (sources.logFile(f.filePath(), line -> log(context, "WARN", "cdn-log-failed",
                    field("task", config.taskName()), field("message", line)))) {
                o.addProperty("result", "read");
                read++;
            } else {
                o.addProperty("result", "failed");
            }
            files.add(o);
        }
        JsonObject out = new JsonObject();
        out.addProperty("ok", true);
        out.addProperty("action", "cdn-log-files");
        out.add("files", files);
        out.add("sources", sources.toJson());
        if (read == 0) {
            out.addProperty("result", "ignored");
            out.addProperty("message", "no log file of this task's domain could be read; nothing queued");
            log(context, "INFO", "cdn-log-files", field("result", "ignored"), field("files", files));
            return out;
        }
        try (ObjectStore store = openStore(config, context)) {
            StateRepository state = new StateRepository(store, config.taskName());
            int added = state.addPendingSeeds(sources.urls(), config.cdnSeedsMax());
            out.addProperty("result", "seeds-queued");
            out.addProperty("queued", added);
            out.addProperty("pendingSeeds", state.loadPendingSeeds().size());
            out.addProperty("message", added + " new URL(s) queued for the next pass");
        } catch (IOException | RuntimeException e) {
            log(context, "ERROR", "cdn-log-files-failed", field("error", e.getClass().getSimpleName()),
                    field("message", String.valueOf(e.getMessage())));
            return error(500, "SeedsNotSaved", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        log(context, "INFO", "cdn-log-files", field("task", config.taskName()), field("result", "seeds-queued"),
                field("queued", out.get("queued").getAsInt()), field("sources", sources.toJson()));
        return out;
    }

    /**
     * Opens the task's store. In FC the role's temporary credentials come with each invocation
     * ({@code context.getExecutionCredentials()}) and are fresher than the ones the instance started
     * with, so they win over the environment's.
     */
    private ObjectStore openStore(TaskConfig config, Context context) throws IOException {
        return ObjectStores.open(config, withCredentials(context));
    }

    /** The environment with the invocation's execution-role credentials (for OSS and the CDN OpenAPI). */
    private Map<String, String> withCredentials(Context context) {
        Map<String, String> vars = new java.util.HashMap<>(env);
        com.aliyun.fc.runtime.Credentials c = context == null ? null : context.getExecutionCredentials();
        if (c != null && c.getAccessKeyId() != null && !c.getAccessKeyId().isEmpty()
                && c.getAccessKeySecret() != null && !c.getAccessKeySecret().isEmpty()) {
            vars.put("ALIBABA_CLOUD_ACCESS_KEY_ID", c.getAccessKeyId());
            vars.put("ALIBABA_CLOUD_ACCESS_KEY_SECRET", c.getAccessKeySecret());
            if (c.getSecurityToken() != null && !c.getSecurityToken().isEmpty()) {
                vars.put("ALIBABA_CLOUD_SECURITY_TOKEN", c.getSecurityToken());
            } else {
                vars.remove("ALIBABA_CLOUD_SECURITY_TOKEN");
            }
        }
        return vars;
    }

    private TaskConfig baseConfig(Map<String, List<String>> overrides) {
        return TaskConfig.parse(EventOverrides.overlay(FunctionEnvironment.taskValues(env), overrides));
    }

    /** The innermost frames of our own code, so a failure line says where it happened. */
    private static String where(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (StackTraceElement f : e.getStackTrace()) {
            if (f.getClassName().startsWith("dev.secondaryorigin.") && b.length() < 300) {
                b.append(b.length() == 0 ? "" : " < ").append(f.getClassName().substring(20)).append('.')
                        .append(f.getMethodName()).append(':').append(f.getLineNumber());
            }
        }
        return b.toString();
    }

    private static long limitMillis(Context context) {
        return context.getFunctionParam() == null ? 0 : context.getFunctionParam().getExecTimeLimitInMillis();
    }

    private static JsonObject error(int status, String code, String message) {
        JsonObject o = new JsonObject();
        o.addProperty("ok", false);
        o.addProperty("status", status);
        o.addProperty("error", code);
        o.addProperty("message", message);
        return o;
    }

    private static byte[] bytes(JsonElement json) {
        return GSON.toJson(json).getBytes(StandardCharsets.UTF_8);
    }

    private static Object[] field(String name, Object value) {
        return new Object[] {name, value};
    }

    private static void log(Context context, String level, String msg, Object[]... fields) {
        JsonObject line = new JsonObject();
        for (Object[] f : fields) {
            Object v = f[1];
            if (v instanceof JsonElement) {
                line.add((String) f[0], (JsonElement) v);
            } else if (v instanceof Number) {
                line.addProperty((String) f[0], (Number) v);
            } else if (v != null) {
                line.addProperty((String) f[0], String.valueOf(v));
            }
        }
        log(context, level, msg, line);
    }

    private static void log(Context context, String level, String msg, JsonObject body) {
        JsonObject line = new JsonObject();
        line.addProperty("time", Instant.now().toString());
        line.addProperty("level", level);
        line.addProperty("msg", msg);
        line.addProperty("requestId", context == null ? null : context.getRequestId());
        for (Map.Entry<String, JsonElement> e : body.entrySet()) {
            line.add(e.getKey(), e.getValue());
        }
        String text = GSON.toJson(line);
        FunctionComputeLogger logger = context == null ? null : context.getLogger();
        if (logger == null) {
            System.out.println(text);
        } else if (level.equals("ERROR")) {
            logger.error(text);
        } else if (level.equals("WARN")) {
            logger.warn(text);
        } else {
            logger.info(text);
        }
    }

    /** An answer: HTTP-style status and JSON body. */
    private static final class Result {
        final int status;
        final JsonObject json;

        Result(int status, JsonObject json) {
            this.status = status;
            this.json = json;
        }
    }
}
