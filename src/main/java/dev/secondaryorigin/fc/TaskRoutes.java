package dev.secondaryorigin.fc;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The HTTP routes of the task registry, behind the same authentication as the rest of the API:
 * {@code GET/POST /tasks}, {@code GET/PUT/DELETE /tasks/NAME} ({@code ?purgeState=true}),
 * {@code POST /tasks/NAME/run}, {@code GET /tasks/NAME/history} ({@code ?limit=N}).
 */
final class TaskRoutes {
    private TaskRoutes() {
    }

    static boolean matches(String path) {
        return path.equals("/tasks") || path.equals("/tasks/") || path.startsWith("/tasks/");
    }

    static TaskApi.Answer handle(FcEvent.Http r, TaskApi api) {
        String path = r.path().endsWith("/") ? r.path().substring(0, r.path().length() - 1) : r.path();
        String[] parts = path.substring("/tasks".length()).isEmpty() ? new String[0]
                : path.substring("/tasks/".length()).split("/", -1);
        String method = r.method().equals("HEAD") ? "GET" : r.method();
        TaskApi.Answer a;
        if (parts.length == 0) {
            if (method.equals("GET")) {
                a = TaskApi.answer("task-list", api::list);
            } else if (method.equals("POST")) {
                JsonObject body = body(r);
                if (body == null) {
                    return badBody("POST /tasks");
                }
                a = TaskApi.answer("task-create", () -> api.create(TaskEvents.text(body, "name"), body));
            } else {
                return notAllowed("GET, POST");
            }
        } else if (parts.length == 1) {
            String name = parts[0];
            if (method.equals("GET")) {
                a = TaskApi.answer("task-show", () -> api.show(name));
            } else if (method.equals("PUT")) {
                JsonObject body = body(r);
                if (body == null) {
                    return badBody("PUT /tasks/NAME");
                }
                if (body.has("name") && !name.equals(textOr(body))) {
                    return TaskApi.error(400, "InvalidTask", "a task cannot be renamed: \"name\" in the body "
                            + "must be the path's name or left out");
                }
                a = TaskApi.answer("task-update", () -> api.update(name, body));
            } else if (method.equals("DELETE")) {
                boolean purge = "true".equalsIgnoreCase(r.query().getOrDefault("purgeState", "false"));
                a = TaskApi.answer("task-delete", () -> api.delete(name, purge));
            } else {
                return notAllowed("GET, PUT, DELETE");
            }
        } else if (parts.length == 2 && parts[1].equals("run")) {
            if (!method.equals("POST")) {
                return notAllowed("POST");
            }
            a = TaskApi.answer("task-run", () -> api.run(parts[0], null));
        } else if (parts.length == 2 && parts[1].equals("history")) {
            if (!method.equals("GET")) {
                return notAllowed("GET");
            }
            String limit = r.query().getOrDefault("limit", "20");
            a = TaskApi.answer("task-history", () -> {
                int n;
                try {
                    n = Integer.parseInt(limit.trim());
                } catch (NumberFormatException e) {
                    n = -1;
                }
                return api.history(parts[0], n);
            });
        } else {
            return TaskApi.error(404, "NotFound", "task routes: GET/POST /tasks, GET/PUT/DELETE /tasks/NAME, "
                    + "POST /tasks/NAME/run, GET /tasks/NAME/history");
        }
        return a;
    }

    private static String textOr(JsonObject body) {
        JsonElement v = body.get("name");
        return v != null && v.isJsonPrimitive() ? v.getAsString() : "";
    }

    /** The body as a JSON object, or null. */
    private static JsonObject body(FcEvent.Http r) {
        try {
            JsonElement e = JsonParser.parseString(r.bodyText());
            return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (RuntimeException | StackOverflowError e) {
            return null;
        }
    }

    private static TaskApi.Answer badBody(String route) {
        return TaskApi.error(400, "InvalidBody", route + " takes a JSON object such as {\"name\":\"shop\","
                + "\"origin\":\"http://203.0.113.10/\",\"target\":\"oss://my-backup\",\"every\":\"30m\"}");
    }

    private static TaskApi.Answer notAllowed(String allowed) {
        return TaskApi.error(405, "MethodNotAllowed", "use " + allowed).allow(allowed);
    }
}
