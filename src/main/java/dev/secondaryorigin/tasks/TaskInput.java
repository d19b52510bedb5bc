package dev.secondaryorigin.tasks;

import dev.secondaryorigin.task.ConfigException;
import dev.secondaryorigin.task.OptionNaming;
import dev.secondaryorigin.task.TaskOptions;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a create or update request gives, whatever the front end: schedule fields ({@code every}, {@code at},
 * {@code days}, {@code dates}, {@code tz}, {@code cron}) and {@code sync} options keyed by canonical, JSON or
 * environment name. Split and checked here; the values themselves are validated by {@link Schedule} and
 * {@code TaskConfig}.
 */
public final class TaskInput {
    private final Map<String, String> schedule;
    private final Map<String, List<String>> options;

    private TaskInput(Map<String, String> schedule, Map<String, List<String>> options) {
        this.schedule = schedule;
        this.options = options;
    }

    public static TaskInput of(Map<String, List<String>> given) {
        Map<String, String> schedule = new LinkedHashMap<>();
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : given.entrySet()) {
            String k = e.getKey();
            if (Schedule.FIELDS.contains(k)) {
                if (e.getValue().size() != 1) {
                    throw new ConfigException(k, "may be given only once");
                }
                schedule.put(k, e.getValue().get(0));
            } else if (TaskOptions.find(k) != null) {
                options.put(TaskOptions.find(k).name(), e.getValue());
            } else {
                throw new ConfigException(null, "unknown option \"" + TaskName.printable(k) + "\"; a task takes a "
                        + "schedule (" + String.join(", ", Schedule.FIELDS) + ") and the sync options: "
                        + TaskOptions.knownNames(OptionNaming.FLAG));
            }
        }
        return new TaskInput(schedule, options);
    }

    /**
     * The fields of a JSON request (an HTTP body, a direct invoke) other than {@code skip}: text, numbers and
     * true/false as one value, arrays of them as a list; anything else is refused naming the field.
     */
    public static TaskInput fromJson(com.google.gson.JsonObject body, java.util.Set<String> skip) {
        Map<String, List<String>> given = new LinkedHashMap<>();
        for (Map.Entry<String, com.google.gson.JsonElement> e : body.entrySet()) {
            if (skip.contains(e.getKey())) {
                continue;
            }
            List<String> values = new java.util.ArrayList<>();
            com.google.gson.JsonElement v = e.getValue();
            if (v.isJsonArray()) {
                for (com.google.gson.JsonElement x : v.getAsJsonArray()) {
                    if (!x.isJsonPrimitive()) {
                        throw new ConfigException(e.getKey(), "must be a list of text");
                    }
                    values.add(x.getAsString());
                }
            } else if (v.isJsonPrimitive()) {
                values.add(v.getAsString());
            } else {
                throw new ConfigException(e.getKey(), "must be text, a number, true/false or a list of text");
            }
            given.put(e.getKey(), values);
        }
        return of(given);
    }

    /** True when a schedule field was given (an update then replaces the whole schedule). */
    public boolean hasSchedule() {
        return !schedule.isEmpty();
    }

    public Schedule schedule() {
        return Schedule.parse(schedule);
    }

    public Map<String, List<String>> options() {
        return Collections.unmodifiableMap(options);
    }
}
