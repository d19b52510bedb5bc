package dev.secondaryorigin.fc;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.secondaryorigin.app.CdnEventIntake;
import dev.secondaryorigin.app.DrillResult;
import dev.secondaryorigin.app.DrillTask;
import dev.secondaryorigin.app.Environment;
import dev.secondaryorigin.app.GuardResult;
import dev.secondaryorigin.app.GuardTask;
import dev.secondaryorigin.app.RollbackResult;
import dev.secondaryorigin.app.RollbackTask;
import dev.secondaryorigin.app.StatusQuery;
import dev.secondaryorigin.app.SyncResult;
import dev.secondaryorigin.app.SyncTask;
import dev.secondaryorigin.app.TaskStatus;
import dev.secondaryorigin.app.VerifyResult;
import dev.secondaryorigin.app.VerifyTask;
import dev.secondaryorigin.credentials.CredentialsException;
import dev.secondaryorigin.log.EventLog;
import dev.secondaryorigin.sync.Deadline;
import dev.secondaryorigin.sync.DrillReport;
import dev.secondaryorigin.sync.PassListener;
import dev.secondaryorigin.sync.PassReport;
import dev.secondaryorigin.task.ConfigException;
import dev.secondaryorigin.task.OptionNaming;
import dev.secondaryorigin.task.TaskConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.secondaryorigin.log.EventLog.field;

/**
 * Runs one action of one invocation: the task's configuration from the function's variables and the event's
 * overrides, then the use case, then its result as the function's answer (status and JSON) and log lines.
 */
final class FcActions {
    /** URL failures logged per invocation; beyond that they are only counted in the summary. */
    private static final int MAX_FAILURE_LINES = 100;

    private final FcInstance instance;
    private final Environment env;
    private final long limitMillis;
    private final EventLog log;

    FcActions(FcInstance instance, Environment env, long limitMillis, EventLog log) {
        this.instance = instance;
        this.env = env;
        this.limitMillis = limitMillis;
        this.log = log;
    }

    Answer run(Action action, Map<String, List<String>> overrides, DrillRequest drill, String trigger) {
        TaskConfig config;
        try {
            config = instance.config(overrides);
        } catch (ConfigException e) {
            return invalidConfig(e, overrides, trigger, true);
        }
        switch (action) {
            case SYNC:
                return sync(config, trigger);
            case STATUS:
                return status(config);
            case VERIFY:
                return verify(config);
            case GUARD:
                return guard(config, trigger);
            case DRILL:
                return drill(config, drill != null ? drill : DrillRequest.defaults(DrillRequest.INVOKE_SAMPLE), trigger);
            default:
                JsonObject o = new JsonObject();
                o.addProperty("ok", true);
                o.addProperty("action", action.wireName());
                o.addProperty("result", "not-enabled");
                o.addProperty("message", "the " + action.wireName() + " action is not enabled in this build");
                log.info("not-enabled", field("action", action.wireName()), field("trigger", trigger));
                return new Answer(HttpStatuses.NOT_IMPLEMENTED, o);
        }
    }

    /**
     * An option the event set is the caller's mistake (400); one from the variables is the deployment's (500),
     * always logged. {@code logBadEvent}: log the caller's mistake too.
     */
    private Answer invalidConfig(ConfigException e, Map<String, List<String>> overrides, String trigger,
                                 boolean logBadEvent) {
        boolean fromEvent = e.option() != null && overrides.containsKey(e.option());
        String message = e.messageFor(fromEvent ? OptionNaming.JSON : OptionNaming.ENV);
        if (!fromEvent || logBadEvent) {
            log.error("invalid-configuration", field("trigger", trigger), field("message", message));
        }
        if (fromEvent) {
            return Answer.error(HttpStatuses.BAD_REQUEST, "InvalidOptions", message);
        }
        return Answer.error(HttpStatuses.INTERNAL, "InvalidConfiguration",
                message + " (fix the function's environment variable)");
    }

    /** No key to sign with: the deployment's configuration (the role, or the variables), never the caller's. */
    private Answer missingCredentials(CredentialsException e, String trigger) {
        log.error("invalid-configuration", field("trigger", trigger), field("message", e.getMessage()));
        return Answer.error(HttpStatuses.INTERNAL, "InvalidConfiguration", e.getMessage());
    }

    /** The budget variables of the function do not give a time budget: the deployment's mistake. */
    private Answer badBudget(IllegalArgumentException e) {
        log.error("invalid-configuration", field("message", e.getMessage()));
        return Answer.error(HttpStatuses.INTERNAL, "InvalidConfiguration", e.getMessage());
    }

    private Answer failed(String event, String code, Exception e) {
        if (e instanceof CredentialsException) {
            return missingCredentials((CredentialsException) e, event);
        }
        log.error(event, field("error", e.getClass().getSimpleName()), field("message", String.valueOf(e.getMessage())));
        return Answer.error(HttpStatuses.INTERNAL, code, e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    /**
     * The task registry's operations (issue 13): a dispatched task's pass runs through {@link #sync} with the
     * task's configuration; the dispatcher launches through this function's own asynchronous invocation.
     */
    TaskApi.Answer tasks(com.aliyun.fc.runtime.Context context, String action,
                         java.util.function.Function<TaskApi, TaskApi.Answer> call) {
        Map<String, String> vars = env.variables();
        TaskApi.Answer a = FcTasks.withApi(vars,
                task -> FcTasks.outcome(sync(task.config(), "task:" + task.name()).json),
                () -> FcTaskLauncher.forFunction(vars, context), "fc " + (context == null ? "?" : context.getRequestId()),
                call);
        log.log(a.status < 400 ? EventLog.Level.INFO : EventLog.Level.WARN, "task-action", field("action", action),
                field("status", a.status), field("message", a.json.has("message") ? a.json.get("message") : null));
        return a;
    }

    private Answer sync(TaskConfig config, String trigger) {
        Duration budget;
        try {
            budget = SyncBudget.forLimit(limitMillis, instance.variables());
        } catch (IllegalArgumentException e) {
            return badBudget(e);
        }
        if (config.maxSeconds() > 0 && config.maxSeconds() * 1000 < budget.toMillis()) {
            budget = Duration.ofSeconds(config.maxSeconds());
        }
        AtomicInteger failures = new AtomicInteger();
        PassListener listener = new PassListener() {
            @Override
            public void failure(String path, String kind, String message) {
                if (failures.incrementAndGet() <= MAX_FAILURE_LINES) {
                    log.warn("url-failure", field("task", config.taskName()), field("path", path),
                            field("kind", kind), field("message", message));
                }
            }
        };
        SyncTask task = new SyncTask(env, config).listener(listener).cdnLog(line -> log.warn("cdn-sources",
                field("task", config.taskName()), field("message", line)));
        SyncResult result;
        try {
            result = instance.runExclusively(task, Deadline.after(budget));
        } catch (ConfigException e) {
            String message = e.messageFor(OptionNaming.ENV);
            log.error("invalid-configuration", field("trigger", trigger), field("message", message));
            return Answer.error(HttpStatuses.INTERNAL, "InvalidConfiguration", message);
        } catch (CredentialsException e) {
            return missingCredentials(e, trigger);
        } catch (IOException | RuntimeException e) {
            log.error("pass-failed", field("trigger", trigger), field("task", config.taskName()),
                    field("error", e.getClass().getSimpleName()), field("message", String.valueOf(e.getMessage())),
                    field("at", where(e)));
            return Answer.error(HttpStatuses.INTERNAL, "PassFailed", e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "; the backup was left as it was and the next run retries");
        }
        JsonObject reportJson = result.reportDocument();
        JsonObject summary = reportJson.deepCopy();
        summary.addProperty("trigger", trigger);
        summary.addProperty("budgetMs", budget.toMillis());
        summary.addProperty("urlFailures", failures.get());
        log.log(result.ok() ? EventLog.Level.INFO : EventLog.Level.WARN, "pass", summary);
        JsonObject o = new JsonObject();
        o.addProperty("ok", result.ok());
        o.addProperty("action", "sync");
        o.addProperty("result", result.result().id());
        o.addProperty("exitCode", result.exitCode());
        o.add("report", reportJson);
        return new Answer(HttpStatuses.of(result.result()), o);
    }

    /**
     * A failover drill within the invocation's time budget: a sample of the manifest's URLs (or all) requested
     * through the bucket's own domain (or the event's {@code via}) and compared with the origin's answers.
     */
    private Answer drill(TaskConfig config, DrillRequest request, String trigger) {
        Duration budget;
        try {
            budget = SyncBudget.forLimit(limitMillis, instance.variables());
        } catch (IllegalArgumentException e) {
            return badBudget(e);
        }
        DrillResult result;
        try {
            result = new DrillTask(env).run(config, new DrillTask.Request().taskName(config.taskName())
                    .via(request.via(), request.host()).sample(request.sample(), null).minReady(request.minReady())
                    .limits(Math.min(config.concurrency(), 16), config.timeoutSeconds(), Deadline.after(budget)));
        } catch (ConfigException e) {
            return Answer.error(HttpStatuses.BAD_REQUEST, "InvalidOptions", e.messageFor(OptionNaming.JSON));
        } catch (IOException | RuntimeException e) {
            return failed("drill-failed", "DrillFailed", e);
        }
        if (result.verdict() == DrillResult.Verdict.NO_VIA) {
            return Answer.error(HttpStatuses.BAD_REQUEST, "InvalidOptions", "a local target has no website endpoint: "
                    + "invoke {\"action\":\"drill\",\"via\":\"http://...\"} with the URL of a server that serves it");
        }
        DrillReport report = result.report();
        JsonObject r = report.toJson();
        r.addProperty("task", config.taskName());
        if (result.host() != null) {
            r.addProperty("host", result.host());
        }
        r.addProperty("minReadyPercent", request.minReady());
        r.add("belowMinReady", belowJson(result));
        JsonObject o = new JsonObject();
        o.addProperty("ok", true);
        o.addProperty("action", "drill");
        o.addProperty("result", result.verdict().id());
        o.addProperty("exitCode", result.exitCode());
        o.add("drill", r);
        log.log(result.exitCode() == 0 ? EventLog.Level.INFO : EventLog.Level.WARN, "drill",
                field("task", config.taskName()), field("trigger", trigger), field("result", result.verdict().id()), field("via", report.via()),
                field("tried", report.tried()), field("ready", report.ready()),
                field("readinessPercent", report.readiness()), field("kinds", r.get("kinds")));
        return Answer.ok(o);
    }

    private Answer guard(TaskConfig config, String trigger) {
        GuardResult g;
        try {
            g = new GuardTask(env).run(config, line -> log.warn("guard", field("task", config.taskName()),
                    field("message", line)));
        } catch (ConfigException e) {
            String message = e.messageFor(OptionNaming.ENV);
            log.error("invalid-configuration", field("trigger", trigger), field("message", message));
            return Answer.error(HttpStatuses.INTERNAL, "InvalidConfiguration", message);
        } catch (IOException | RuntimeException e) {
            return failed("guard-failed", "GuardFailed", e);
        }
        JsonObject o = new JsonObject();
        o.addProperty("ok", true);
        o.addProperty("action", "guard");
        o.add("guard", g.toJson());
        log.info("guard-run", field("task", config.taskName()), field("trigger", trigger), field("result", g.action()),
                field("mode", g.mode()));
        return Answer.ok(o);
    }

    /** Rolls the backup back to an earlier pass; a missing or unknown pass is a 400 naming the valid ones. */
    Answer rollback(Map<String, List<String>> overrides, String toPass, String trigger) {
        TaskConfig config;
        try {
            config = instance.config(overrides);
        } catch (ConfigException e) {
            return invalidConfig(e, overrides, trigger, false);
        }
        RollbackResult r;
        try {
            r = instance.runExclusively(() -> new RollbackTask(env).run(config, config.taskName(), toPass,
                    config.leaseSeconds() * 1000L, false));
        } catch (IOException | RuntimeException e) {
            return failed("rollback-failed", "RollbackFailed", e);
        }
        switch (r.kind()) {
            case MISSING_PASS:
                return Answer.error(HttpStatuses.BAD_REQUEST, "MissingPass", "the rollback action needs \"toPass\": "
                        + r.message());
            case UNKNOWN_PASS:
                return Answer.error(HttpStatuses.BAD_REQUEST, "UnknownPass", r.message());
            case LEASE_HELD:
                return Answer.error(HttpStatuses.CONFLICT, "LeaseHeld", r.message());
            default:
                JsonObject o = r.toJson();
                o.addProperty("ok", true);
                o.addProperty("action", "rollback");
                o.addProperty("task", config.taskName());
                log.info("rollback", field("task", config.taskName()), field("trigger", trigger), field("toPass", toPass),
                        field("restored", r.restored()), field("deleted", r.deleted()));
                return Answer.ok(o);
        }
    }

    private Answer status(TaskConfig config) {
        StatusQuery.StoreStatus s;
        try {
            s = new StatusQuery(env).run(config, config.taskName(), false);
        } catch (IOException | RuntimeException e) {
            return failed("status-failed", "StatusFailed", e);
        }
        TaskStatus t = s.tasks().get(0);
        JsonObject o = new JsonObject();
        o.addProperty("ok", true);
        o.addProperty("action", "status");
        o.addProperty("task", config.taskName());
        o.addProperty("target", s.target());
        for (Map.Entry<String, com.google.gson.JsonElement> e : t.toJson().entrySet()) {
            o.add(e.getKey(), e.getValue());
        }
        JsonArray warnings = new JsonArray();
        for (FunctionEnvironment.NearMiss m : instance.nearMisses()) {
            JsonObject w = new JsonObject();
            w.addProperty("variable", m.variable());
            w.addProperty("suggestion", m.suggestion());
            w.addProperty("message", m.message());
            warnings.add(w);
        }
        o.add("environmentWarnings", warnings);
        o.add("schedule", TimerSchedule.deployedStatus(instance.variables()));
        return Answer.ok(o);
    }

    /** Every object the manifest says is stored is present with its recorded size and MD5. */
    private Answer verify(TaskConfig config) {
        VerifyResult v;
        try {
            v = new VerifyTask(env).run(config, config.taskName(), null, null, config.concurrency(), false);
        } catch (IOException | RuntimeException e) {
            return failed("verify-failed", "VerifyFailed", e);
        }
        JsonObject o = new JsonObject();
        o.addProperty("ok", v.ready());
        o.addProperty("action", "verify");
        o.addProperty("task", config.taskName());
        o.add("verify", v.toJson());
        log.log(v.ready() ? EventLog.Level.INFO : EventLog.Level.WARN, "verify", field("task", config.taskName()),
                field("objects", v.objects()), field("failed", v.failed()));
        return Answer.ok(o);
    }

    /** One kept report by pass id ({@code GET /reports/<id>}). */
    Answer report(String id) {
        TaskConfig config;
        try {
            config = instance.config(Collections.emptyMap());
        } catch (ConfigException e) {
            return Answer.error(HttpStatuses.INTERNAL, "InvalidConfiguration", e.messageFor(OptionNaming.ENV));
        }
        try {
            Optional<JsonObject> r = new StatusQuery(env).report(config, id);
            return r.isPresent() ? Answer.ok(r.get()) : Answer.error(HttpStatuses.NOT_FOUND, "NotFound",
                    "no report " + id + " for task " + config.taskName());
        } catch (IOException | RuntimeException e) {
            log.error("report-failed", field("message", String.valueOf(e.getMessage())));
            return Answer.error(HttpStatuses.INTERNAL, "ReportFailed", String.valueOf(e.getMessage()));
        }
    }

    /** CDN {@code LogFileCreated}: the URLs of the task's domain's new log files become pending seeds. */
    Answer cdnLogFiles(FcEvent.CdnLogFiles event) {
        TaskConfig config;
        try {
            config = instance.config(Collections.emptyMap());
        } catch (ConfigException e) {
            return invalidConfig(e, Collections.emptyMap(), "cdn-event", false);
        }
        List<CdnEventIntake.LogFile> files = new ArrayList<>();
        for (FcEvent.LogFile f : event.files()) {
            files.add(new CdnEventIntake.LogFile(f.domain(), f.filePath(), f.safePath()));
        }
        CdnEventIntake.Outcome out;
        try {
            out = new CdnEventIntake(env).run(config, files, line -> log.warn("cdn-log-failed",
                    field("task", config.taskName()), field("message", line)));
        } catch (IllegalArgumentException e) {
            return Answer.error(HttpStatuses.INTERNAL, "InvalidConfiguration", e.getMessage());
        } catch (IOException | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            log.error("cdn-log-files-failed", field("error", cause.getClass().getSimpleName()),
                    field("message", String.valueOf(cause.getMessage())));
            return Answer.error(HttpStatuses.INTERNAL, "SeedsNotSaved", e.getMessage());
        }
        JsonArray filesJson = new JsonArray();
        for (CdnEventIntake.FileOutcome f : out.files()) {
            JsonObject o = new JsonObject();
            o.addProperty("domain", f.domain());
            o.addProperty("file", f.file());
            o.addProperty("result", f.result().name().toLowerCase(java.util.Locale.ROOT));
            if (f.message() != null) {
                o.addProperty("message", f.message());
            }
            filesJson.add(o);
        }
        JsonObject o = new JsonObject();
        o.addProperty("ok", true);
        o.addProperty("action", "cdn-log-files");
        o.add("files", filesJson);
        o.add("sources", out.sources());
        if (!out.queued()) {
            o.addProperty("result", "ignored");
            o.addProperty("message", "no log file of this task's domain could be read; nothing queued");
            log.info("cdn-log-files", field("result", "ignored"), field("files", filesJson));
            return Answer.ok(o);
        }
        o.addProperty("result", "seeds-queued");
        o.addProperty("queued", out.added());
        o.addProperty("pendingSeeds", out.pending());
        o.addProperty("message", out.added() + " new URL(s) queued for the next pass");
        log.info("cdn-log-files", field("task", config.taskName()), field("result", "seeds-queued"),
                field("queued", out.added()), field("sources", out.sources()));
        return Answer.ok(o);
    }

    static JsonArray belowJson(DrillResult result) {
        JsonArray below = new JsonArray();
        result.belowIds().forEach(below::add);
        return below;
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
}
