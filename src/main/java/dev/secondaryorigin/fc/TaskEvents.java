package dev.secondaryorigin.fc;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.task.ConfigException;

import java.util.Arrays;
import java.util.List;

/**
 * The task registry's direct-invoke actions and the dispatcher's timer event, recognised before the single-task
 * events: {@code {"action":"dispatch"}} (also as a timer's payload), {@code task-list}, {@code task-show},
 * {@code task-create}, {@code task-update}, {@code task-delete}, {@code task-run}, {@code task-history},
 * {@code task-due}, each with {@code "name"} and the fields of its HTTP counterpart.
 */
final class TaskEvents {
    static final List<String> ACTIONS = Arrays.asList("dispatch", "task-list", "task-show", "task-create",
            "task-update", "task-delete", "task-run", "task-history", "task-due");

    private TaskEvents() {
    }

    /** A recognised task event: its action and its fields. */
    static final class Request {
        final String action;
        final JsonObject body;
        final boolean timer;

        Request(String action, JsonObject body, boolean timer) {
            this.action = action;
            this.body = body;
            this.timer = timer;
        }
    }

    /** The task event this event object is, or null when it is some other event. */
    static Request recognize(JsonObject event) {
        JsonObject o = event;
        boolean timer = o.has("triggerTime") || o.has("triggerName");
        if (timer) {
            if (!o.has("payload") || !o.get("payload").isJsonPrimitive()) {
                return null;
            }
            try {
                JsonElement p = JsonParser.parseString(o.get("payload").getAsString());
                if (!p.isJsonObject()) {
                    return null;
                }
                o = p.getAsJsonObject();
            } catch (RuntimeException | StackOverflowError e) {
                return null;
            }
        }
        JsonElement a = o.get("action");
        if (a == null || !a.isJsonPrimitive() || !ACTIONS.contains(a.getAsString())) {
            return null;
        }
        if (timer && !a.getAsString().equals("dispatch")) {
            return null;
        }
        return new Request(a.getAsString(), o, timer);
    }

    static TaskApi.Answer handle(Request r, TaskApi api) {
        return TaskApi.answer(r.action, () -> {
            switch (r.action) {
                case "dispatch":
                    return api.dispatch();
                case "task-list":
                    return api.list();
                case "task-show":
                    return api.show(text(r.body, "name"));
                case "task-create":
                    return api.create(text(r.body, "name"), r.body);
                case "task-update":
                    return api.update(text(r.body, "name"), r.body);
                case "task-delete":
                    return api.delete(text(r.body, "name"), bool(r.body, "purgeState"));
                case "task-run":
                    return api.run(text(r.body, "name"), r.body.has("firing") ? text(r.body, "firing") : null);
                case "task-history":
                    return api.history(text(r.body, "name"), number(r.body, "limit", 20));
                case "task-due":
                default:
                    return api.due(r.body.has("at") ? text(r.body, "at") : null);
            }
        });
    }

    static String text(JsonObject o, String field) {
        JsonElement v = o.get(field);
        if (v == null || v.isJsonNull()) {
            return null;
        }
        if (!v.isJsonPrimitive()) {
            throw new ConfigException(field, "must be text");
        }
        return v.getAsString();
    }

    private static boolean bool(JsonObject o, String field) {
        JsonElement v = o.get(field);
        if (v == null) {
            return false;
        }
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isBoolean()) {
            throw new ConfigException(field, "must be true or false");
        }
        return v.getAsBoolean();
    }

    private static int number(JsonObject o, String field, int dflt) {
        JsonElement v = o.get(field);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.getAsString().trim());
        } catch (RuntimeException e) {
            throw new ConfigException(field, "must be a whole number");
        }
    }
}
