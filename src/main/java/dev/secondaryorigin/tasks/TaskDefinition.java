package dev.secondaryorigin.tasks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.secondaryorigin.task.ConfigException;
import dev.secondaryorigin.task.OptionDef;
import dev.secondaryorigin.task.OptionNaming;
import dev.secondaryorigin.task.TaskConfig;
import dev.secondaryorigin.task.TaskOptions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One task of the registry: the console's fields (name, domain, origin, secondary origin, trigger, resource types)
 * and any other {@code sync} option, validated by {@link TaskConfig} exactly as {@code sync} validates them. The
 * task's name is its {@code task-name}, so its state lives under {@code .secondary-origin/<name>/} in its target.
 * Immutable.
 */
public final class TaskDefinition {
    /** Options shown at the top of the registry document, as the console shows them. */
    static final List<String> CONSOLE_OPTIONS = Arrays.asList("domain", "origin", "target", "resource-types");

    private final TaskName name;
    private final Schedule schedule;
    private final Map<String, List<String>> options;
    private final TaskConfig config;
    private final Instant createdAt;
    private final Instant updatedAt;

    private TaskDefinition(TaskName name, Schedule schedule, Map<String, List<String>> options, Instant createdAt,
                           Instant updatedAt) {
        this.name = name;
        this.schedule = schedule;
        this.options = Collections.unmodifiableMap(options);
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.config = TaskConfig.parse(withName(options, name));
    }

    /**
     * A task from raw option values keyed by canonical, JSON or environment name (as {@code sync} takes them).
     * Throws {@link ConfigException} naming the first bad option, with {@code sync}'s messages.
     */
    public static TaskDefinition of(TaskName name, Schedule schedule, Map<String, List<String>> rawOptions,
                                    Instant createdAt, Instant updatedAt) {
        Map<String, List<String>> canonical = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : rawOptions.entrySet()) {
            OptionDef d = TaskOptions.find(e.getKey());
            if (d == null) {
                throw new ConfigException(null, "unknown option \"" + TaskName.printable(e.getKey())
                        + "\"; known options: " + TaskOptions.knownNames(OptionNaming.FLAG));
            }
            if (d.name().equals("task-name")) {
                throw new ConfigException("task-name", "is the task's registry name (" + name + ") and cannot be set "
                        + "separately");
            }
            canonical.put(d.name(), new ArrayList<>(e.getValue()));
        }
        for (String required : Arrays.asList("origin", "target")) {
            if (!canonical.containsKey(required)) {
                throw new ConfigException(required, "is required for a task (" + (required.equals("origin")
                        ? "the primary origin's URL, e.g. http://203.0.113.10:8080/"
                        : "the secondary origin: a directory, an OSS bucket endpoint or oss://bucket/prefix") + ")");
            }
        }
        return new TaskDefinition(name, schedule, canonical, createdAt, updatedAt);
    }

    private static Map<String, List<String>> withName(Map<String, List<String>> options, TaskName name) {
        Map<String, List<String>> m = new LinkedHashMap<>(options);
        m.put("task-name", Collections.singletonList(name.value()));
        return m;
    }

    /** This task with some options and possibly its schedule replaced (an update); validated again. */
    public TaskDefinition updated(Schedule newSchedule, Map<String, List<String>> changes, Instant now) {
        Map<String, List<String>> merged = new LinkedHashMap<>(options);
        for (Map.Entry<String, List<String>> e : changes.entrySet()) {
            OptionDef d = TaskOptions.find(e.getKey());
            merged.put(d == null ? e.getKey() : d.name(), e.getValue());
        }
        return of(name, newSchedule == null ? schedule : newSchedule, merged, createdAt, now);
    }

    public TaskName name() {
        return name;
    }

    public Schedule schedule() {
        return schedule;
    }

    /** The validated configuration a pass of this task runs with. */
    public TaskConfig config() {
        return config;
    }

    /** The options as given, keyed by canonical name (without {@code task-name}). */
    public Map<String, List<String>> options() {
        return options;
    }

    /** The options a pass runs with, {@code task-name} included (for a front end that builds its own flags). */
    public Map<String, List<String>> passOptions() {
        return withName(options, name);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** The registry document. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("version", 1);
        o.addProperty("name", name.value());
        for (String c : CONSOLE_OPTIONS) {
            if (options.containsKey(c)) {
                o.add(OptionNaming.jsonName(c), value(c, options.get(c)));
            }
        }
        o.add("schedule", schedule.toJson());
        JsonObject rest = new JsonObject();
        for (Map.Entry<String, List<String>> e : options.entrySet()) {
            if (!CONSOLE_OPTIONS.contains(e.getKey())) {
                rest.add(OptionNaming.jsonName(e.getKey()), value(e.getKey(), e.getValue()));
            }
        }
        o.add("options", rest);
        o.addProperty("createdAt", createdAt.toString());
        o.addProperty("updatedAt", updatedAt.toString());
        return o;
    }

    private static JsonElement value(String option, List<String> values) {
        OptionDef d = TaskOptions.find(option);
        if (d != null && d.repeatable()) {
            JsonArray a = new JsonArray();
            values.forEach(a::add);
            return a;
        }
        String v = values.isEmpty() ? "" : values.get(0);
        if (d != null && d.isBoolean() && (v.equals("true") || v.equals("false"))) {
            return new JsonPrimitive(Boolean.parseBoolean(v));
        }
        return new JsonPrimitive(v);
    }

    /**
     * A task from its registry document; anything missing, unknown or invalid is a {@link ConfigException} whose
     * message names the field (the registry reports it with the task's name).
     */
    public static TaskDefinition fromJson(JsonObject o) {
        List<String> top = new ArrayList<>(Arrays.asList("version", "name", "schedule", "options", "createdAt",
                "updatedAt"));
        for (String c : CONSOLE_OPTIONS) {
            top.add(OptionNaming.jsonName(c));
        }
        for (String k : o.keySet()) {
            if (!top.contains(k)) {
                throw new ConfigException(null, "unknown field \"" + TaskName.printable(k) + "\"; a task document has "
                        + String.join(", ", top));
            }
        }
        if (!o.has("version") || !o.get("version").isJsonPrimitive() || o.get("version").getAsInt() != 1) {
            throw new ConfigException(null, "\"version\" must be 1");
        }
        TaskName name = TaskName.parse("name", text(o, "name"));
        if (!o.has("schedule") || !o.get("schedule").isJsonObject()) {
            throw new ConfigException("schedule", "must be an object such as {\"every\":\"30m\"}");
        }
        Schedule schedule = Schedule.fromJson(o.getAsJsonObject("schedule"));
        Map<String, List<String>> raw = new LinkedHashMap<>();
        for (String c : CONSOLE_OPTIONS) {
            String j = OptionNaming.jsonName(c);
            if (o.has(j)) {
                raw.put(c, values(c, o.get(j)));
            }
        }
        if (o.has("options")) {
            if (!o.get("options").isJsonObject()) {
                throw new ConfigException("options", "must be an object of sync options such as {\"maxDepth\":\"10\"}");
            }
            for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("options").entrySet()) {
                raw.put(e.getKey(), values(e.getKey(), e.getValue()));
            }
        }
        return of(name, schedule, raw, instant(o, "createdAt"), instant(o, "updatedAt"));
    }

    private static List<String> values(String option, JsonElement v) {
        List<String> out = new ArrayList<>();
        if (v.isJsonArray()) {
            for (JsonElement x : v.getAsJsonArray()) {
                if (!x.isJsonPrimitive()) {
                    throw new ConfigException(option, "must be text or a list of text");
                }
                out.add(x.getAsString());
            }
        } else if (v.isJsonPrimitive()) {
            out.add(v.getAsString());
        } else {
            throw new ConfigException(option, "must be text, a number, true/false or a list of text");
        }
        return out;
    }

    private static String text(JsonObject o, String field) {
        if (!o.has(field) || !o.get(field).isJsonPrimitive()) {
            throw new ConfigException(field, "is missing or not text");
        }
        return o.get(field).getAsString();
    }

    private static Instant instant(JsonObject o, String field) {
        try {
            return Instant.parse(text(o, field));
        } catch (java.time.format.DateTimeParseException e) {
            throw new ConfigException(field, "must be an ISO instant such as 2026-01-01T00:00:00Z");
        }
    }
}
