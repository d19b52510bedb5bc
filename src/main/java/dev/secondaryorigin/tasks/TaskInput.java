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
