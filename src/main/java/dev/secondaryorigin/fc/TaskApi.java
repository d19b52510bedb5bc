package dev.secondaryorigin.fc;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.secondaryorigin.task.ConfigException;
import dev.secondaryorigin.task.OptionNaming;
import dev.secondaryorigin.tasks.DispatchReport;
import dev.secondaryorigin.tasks.RunRecord;
import dev.secondaryorigin.tasks.TaskDefinition;
import dev.secondaryorigin.tasks.TaskExecution;
import dev.secondaryorigin.tasks.TaskInput;
import dev.secondaryorigin.tasks.TaskLauncher;
import dev.secondaryorigin.tasks.TaskRegistry;
import dev.secondaryorigin.tasks.TaskRunner;
import dev.secondaryorigin.tasks.TaskService;
import dev.secondaryorigin.tasks.TaskView;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The task registry's operations as the function answers them, for the HTTP routes ({@link TaskRoutes}) and the
 * direct-invoke actions ({@link TaskEvents}) alike: a status and a JSON body; bad input is 400 naming the field,
 * a taken name 409, an unknown task 404.
 */
final class TaskApi {
    /** Fields of a create or update request that are not task options. */
    static final Set<String> NOT_OPTIONS = new HashSet<>(Arrays.asList("action", "name"));

    /** A status and a body. */
    static final class Answer {
        final int status;
        final JsonObject json;
        private final String allow;

        Answer(int status, JsonObject json) {
            this(status, json, null);
        }

        private Answer(int status, JsonObject json, String allow) {
            this.status = status;
            this.json = json;
            this.allow = allow;
        }

        /** A 405's {@code Allow} header. */
        Answer allow(String methods) {
            return new Answer(status, json, methods);
        }

        HttpResponse toHttp() {
            HttpResponse r = HttpResponse.json(status, json);
            return allow == null ? r : r.withHeader("Allow", allow);
        }
    }

    private final TaskService service;
    private final TaskRunner runner;
    private final Supplier<TaskLauncher> launcher;
    private final int maxParallel;
    private final Map<String, String> env;
    private final String where;

    TaskApi(TaskService service, TaskRunner runner, Supplier<TaskLauncher> launcher, int maxParallel,
            Map<String, String> env, String where) {
        this.service = service;
        this.runner = runner;
        this.launcher = launcher;
        this.maxParallel = maxParallel;
        this.env = env;
        this.where = where;
    }

    /** One operation that may throw; {@link #answer} turns its failures into answers. */
    interface Call {
        Answer run() throws IOException, TaskService.TaskStateException;
    }

    static Answer answer(String action, Call call) {
        try {
            return call.run();
        } catch (ConfigException e) {
            return error(400, "InvalidTask", e.messageFor(OptionNaming.JSON));
        } catch (IllegalArgumentException e) {
            return error(400, "InvalidTask", e.getMessage());
        } catch (TaskService.TaskStateException e) {
            switch (e.kind()) {
                case EXISTS:
                    return error(409, "TaskExists", e.getMessage());
                case NOT_FOUND:
                    return error(404, "NoSuchTask", e.getMessage());
                default:
                    return error(409, "InvalidTaskDocument", e.getMessage());
            }
        } catch (IOException | RuntimeException e) {
            return error(500, "RegistryFailed", action + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    static Answer error(int status, String code, String message) {
        JsonObject o = new JsonObject();
        o.addProperty("ok", false);
        o.addProperty("status", status);
        o.addProperty("error", code);
        o.addProperty("message", message);
        return new Answer(status, o);
    }

    private static JsonObject ok(String action) {
        JsonObject o = new JsonObject();
        o.addProperty("ok", true);
        o.addProperty("action", action);
        return o;
    }

    Answer list() throws IOException {
        JsonArray a = new JsonArray();
        for (TaskView v : service.list()) {
            a.add(v.toJson());
        }
        JsonObject o = ok("task-list");
        o.addProperty("registry", service.registry().describe());
        o.add("tasks", a);
        return new Answer(200, o);
    }

    Answer show(String name) throws IOException, TaskService.TaskStateException {
        TaskView v = service.view(name);
        JsonObject o = ok("task-show");
        o.add("task", v.task().get().toJson());
        o.add("status", v.toJson());
        return new Answer(200, o);
    }

    Answer create(String name, JsonObject body) throws IOException, TaskService.TaskStateException {
        TaskDefinition d = service.create(requireName(name), TaskInput.fromJson(body, NOT_OPTIONS));
        JsonObject o = ok("task-create");
        o.add("task", d.toJson());
        return new Answer(201, o);
    }

    Answer update(String name, JsonObject body) throws IOException, TaskService.TaskStateException {
        TaskDefinition d = service.update(requireName(name), TaskInput.fromJson(body, NOT_OPTIONS));
        JsonObject o = ok("task-update");
        o.add("task", d.toJson());
        return new Answer(200, o);
    }

    Answer delete(String name, boolean purgeState) throws IOException, TaskService.TaskStateException {
        JsonObject o = ok("task-delete");
        o.addProperty("message", service.delete(requireName(name), purgeState, env));
        return new Answer(200, o);
    }

    Answer history(String name, int limit) throws IOException, TaskService.TaskStateException {
        if (limit < 1 || limit > 10_000) {
            throw new ConfigException("limit", "must be a whole number from 1 to 10000, got " + limit);
        }
        JsonArray a = new JsonArray();
        for (RunRecord r : service.history(requireName(name), limit)) {
            a.add(r.toJson());
        }
        JsonObject o = ok("task-history");
        o.addProperty("name", name);
        o.add("runs", a);
        return new Answer(200, o);
    }

    Answer due(String at) throws IOException {
        if (at == null) {
            throw new ConfigException("at", "is required: the minute to check, such as 2026-12-01T09:30:00Z");
        }
        TaskRegistry.Listing l = service.due(TaskService.instant("at", at));
        JsonArray names = new JsonArray();
        l.tasks().forEach(d -> names.add(d.name().value()));
        JsonObject o = ok("task-due");
        o.addProperty("at", at);
        o.add("due", names);
        JsonArray bad = new JsonArray();
        l.problems().forEach(p -> bad.add(p.name()));
        o.add("invalidTasks", bad);
        return new Answer(200, o);
    }

    /** A run now ({@code firing} null) or a dispatched firing's run, within this invocation. */
    Answer run(String name, String firing) throws IOException, TaskService.TaskStateException {
        TaskExecution.Result r = firing == null ? service.runNow(requireName(name), runner, where)
                : service.runFiring(requireName(name), firing, runner, where);
        JsonObject o = ok("task-run");
        o.addProperty("name", name);
        if (!r.record().isPresent()) {
            o.addProperty("result", "skipped");
            o.addProperty("skipped", r.skipped().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            o.addProperty("message", r.message());
            return new Answer(200, o);
        }
        o.add("run", r.record().get().toJson());
        o.addProperty("result", r.record().get().outcome().result());
        o.addProperty("exitCode", r.record().get().outcome().exitCode());
        return new Answer(200, o);
    }

    Answer dispatch() throws IOException {
        TaskLauncher l;
        try {
            l = launcher.get();
        } catch (IllegalArgumentException e) {
            return error(500, "InvalidConfiguration", "the dispatcher cannot start tasks: " + e.getMessage());
        }
        DispatchReport r = service.dispatch(l, maxParallel, where);
        JsonObject o = ok("dispatch");
        o.add("dispatch", r.toJson());
        return new Answer(200, o);
    }

    private static String requireName(String name) {
        if (name == null) {
            throw new ConfigException("name", "is required: the task's name");
        }
        return name;
    }
}
