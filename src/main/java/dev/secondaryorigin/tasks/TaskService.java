package dev.secondaryorigin.tasks;

import dev.secondaryorigin.store.ObjectStore;
import dev.secondaryorigin.store.ObjectStores;
import dev.secondaryorigin.task.ConfigException;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry's operations as the CLI's {@code task} commands, the HTTP routes and the direct-invoke actions
 * offer them, so the three front ends share the checks and the answers. Every check runs before anything is
 * written.
 */
public final class TaskService {
    private final TaskRegistry registry;
    private final Clock clock;

    public TaskService(TaskRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    public TaskRegistry registry() {
        return registry;
    }

    /** A request the registry's state refuses: the name is taken, or there is no such task. */
    public static final class TaskStateException extends Exception {
        /** Why. */
        public enum Kind { EXISTS, NOT_FOUND, INVALID }

        private final Kind kind;

        TaskStateException(Kind kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }

    public TaskDefinition create(String rawName, Map<String, List<String>> given)
            throws IOException, TaskStateException {
        return create(rawName, TaskInput.of(given));
    }

    public TaskDefinition create(String rawName, TaskInput input) throws IOException, TaskStateException {
        TaskName name = TaskName.parse("name", rawName);
        Instant now = clock.instant();
        TaskDefinition d = TaskDefinition.of(name, input.schedule(), input.options(), now, now);
        if (registry.exists(name) || !registry.create(d)) {
            throw new TaskStateException(TaskStateException.Kind.EXISTS, "a task named \"" + name + "\" already "
                    + "exists; choose another name, or change it with task update");
        }
        return d;
    }

    public TaskDefinition update(String rawName, Map<String, List<String>> given)
            throws IOException, TaskStateException {
        return update(rawName, TaskInput.of(given));
    }

    public TaskDefinition update(String rawName, TaskInput input) throws IOException, TaskStateException {
        TaskName name = TaskName.parse("name", rawName);
        TaskDefinition current = existing(name);
        TaskDefinition d = current.updated(input.hasSchedule() ? input.schedule() : null, input.options(),
                clock.instant());
        registry.replace(d);
        return d;
    }

    public TaskDefinition show(String rawName) throws IOException, TaskStateException {
        return existing(TaskName.parse("name", rawName));
    }

    private TaskDefinition existing(TaskName name) throws IOException, TaskStateException {
        try {
            Optional<TaskDefinition> d = registry.get(name);
            if (!d.isPresent()) {
                throw notFound(name);
            }
            return d.get();
        } catch (CorruptTaskException e) {
            throw new TaskStateException(TaskStateException.Kind.INVALID, e.getMessage()
                    + "; fix or delete the document " + TaskRegistry.key(name));
        }
    }

    private TaskStateException notFound(TaskName name) {
        return new TaskStateException(TaskStateException.Kind.NOT_FOUND, "no task named \"" + name
                + "\" in the registry " + registry.describe() + " (task list shows them)");
    }

    /**
     * Deletes a task; with {@code purgeState} also its history and its state in its secondary origin (manifest,
     * checkpoint, pass records; the backed-up objects stay). A corrupt document can be deleted too.
     */
    public String delete(String rawName, boolean purgeState, Map<String, String> env)
            throws IOException, TaskStateException {
        TaskName name = TaskName.parse("name", rawName);
        TaskDefinition d = null;
        try {
            d = registry.get(name).orElseThrow(() -> notFound(name));
        } catch (CorruptTaskException e) {
            if (purgeState) {
                throw new TaskStateException(TaskStateException.Kind.INVALID, e.getMessage() + "; its target is "
                        + "unknown, so --purge-state cannot find the state: delete without it");
            }
        }
        long purged = 0;
        if (purgeState && d != null) {
            try (ObjectStore target = ObjectStores.open(d.config(), env)) {
                purged = target.deletePrefix(ObjectStore.STATE_PREFIX + name.value() + "/");
            }
            registry.ledger().purgeHistory(name);
        }
        registry.delete(name);
        return "deleted task \"" + name + "\"" + (purgeState && d != null ? ", its history and " + purged
                + " state object(s) in " + d.config().target() : "");
    }

    public List<TaskView> list() throws IOException {
        TaskRegistry.Listing l = registry.list();
        Map<TaskName, RunLedger.TaskRuns> scan = registry.ledger().scan();
        Instant now = clock.instant();
        List<TaskView> out = new ArrayList<>();
        for (TaskDefinition d : l.tasks()) {
            out.add(view(d, scan.getOrDefault(d.name(), new RunLedger.TaskRuns()), now));
        }
        for (TaskRegistry.Problem p : l.problems()) {
            out.add(new TaskView(p.name(), null, p.message(), TaskView.State.INVALID, null, null));
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    private TaskView view(TaskDefinition d, RunLedger.TaskRuns runs, Instant now) throws IOException {
        RunLedger ledger = registry.ledger();
        TaskView.State state = runs.leasePresent && ledger.liveLease(d.name()).isPresent() ? TaskView.State.RUNNING
                : runs.unfinishedPresent ? TaskView.State.UNFINISHED : TaskView.State.IDLE;
        List<RunRecord> last = ledger.history(d.name(), 1);
        return new TaskView(d.name().value(), d, null, state, last.isEmpty() ? null : last.get(0),
                d.schedule().nextAfter(now).orElse(null));
    }

    public TaskView view(String rawName) throws IOException, TaskStateException {
        TaskDefinition d = show(rawName);
        return view(d, registry.ledger().scan().getOrDefault(d.name(), new RunLedger.TaskRuns()), clock.instant());
    }

    public List<RunRecord> history(String rawName, int max) throws IOException, TaskStateException {
        TaskName name = TaskName.parse("name", rawName);
        if (!registry.exists(name)) {
            throw notFound(name);
        }
        return registry.ledger().history(name, max);
    }

    /**
     * The tasks whose schedule fires within the minute that starts at {@code minuteStart}, ignoring run history:
     * a dry check of the schedules. Invalid documents are returned as problems.
     */
    public TaskRegistry.Listing due(Instant minuteStart) throws IOException {
        TaskRegistry.Listing l = registry.list();
        List<TaskDefinition> due = new ArrayList<>();
        for (TaskDefinition d : l.tasks()) {
            if (d.schedule().firesWithin(minuteStart)) {
                due.add(d);
            }
        }
        return new TaskRegistry.Listing(due, l.problems());
    }

    /** One pass of the task now, through the same run bookkeeping as a dispatched run. */
    public TaskExecution.Result runNow(String rawName, TaskRunner runner, String where)
            throws IOException, TaskStateException {
        TaskName name = TaskName.parse("name", rawName);
        existing(name);
        return new TaskExecution(registry, clock, where).run(name, Firing.manual(clock.instant()), runner);
    }

    /** Runs a dispatched firing (the launched invocation's {@code firing}); a redelivery does nothing. */
    public TaskExecution.Result runFiring(String rawName, String firingId, TaskRunner runner, String where)
            throws IOException {
        TaskName name = TaskName.parse("name", rawName);
        Firing firing = Firing.parse(firingId);
        if (firing == null) {
            throw new ConfigException("firing", "must be a firing id such as 20261201T093000Z (the dispatcher sets "
                    + "it), got \"" + TaskName.printable(firingId) + "\"");
        }
        return new TaskExecution(registry, clock, where).run(name, firing, runner);
    }

    /** One dispatch: the due tasks launched through {@code launcher}, at most {@code maxParallel} running at once. */
    public DispatchReport dispatch(TaskLauncher launcher, int maxParallel, String by) throws IOException {
        return new Dispatcher(registry, launcher, clock, maxParallel, by).dispatch();
    }

    /** Parses an ISO instant for {@code task due --at}; a {@link ConfigException} naming {@code option}. */
    public static Instant instant(String option, String raw) {
        try {
            return Instant.parse(raw.trim());
        } catch (RuntimeException e) {
            throw new ConfigException(option, "must be an ISO instant such as 2026-12-01T09:30:00Z, got \""
                    + TaskName.printable(raw) + "\"");
        }
    }
}
