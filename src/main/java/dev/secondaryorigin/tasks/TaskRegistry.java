package dev.secondaryorigin.tasks;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.store.ObjectMeta;
import dev.secondaryorigin.store.ObjectStore;
import dev.secondaryorigin.store.Payload;
import dev.secondaryorigin.task.ConfigException;
import dev.secondaryorigin.task.OptionNaming;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The task registry: one JSON document per task at {@code tasks/<name>.json} under the registry's store
 * (an OSS prefix or a directory); the run bookkeeping beside it is the {@link RunLedger}. Every document is
 * validated when read: one that is corrupt or hand-edited into something invalid is reported by name and
 * skipped, never stopping the others.
 */
public final class TaskRegistry implements Closeable {
    static final String TASKS = "tasks/";
    private static final int READ_THREADS = 16;
    /** Shared by every registry of the process: a dispatch a minute should not start and stop 16 threads. */
    private static final ExecutorService READERS = Executors.newFixedThreadPool(READ_THREADS, r -> {
        Thread t = new Thread(r, "registry-read");
        t.setDaemon(true);
        return t;
    });

    private final ObjectStore store;
    private final RunLedger ledger;
    /**
     * The last document read per key and what it parsed to: a long-lived scheduler or a warm FC instance reads the
     * same unchanged documents every minute, and validating them again is most of a dispatch's CPU.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Parsed> parsed = new java.util.concurrent.ConcurrentHashMap<>();

    private static final class Parsed {
        final byte[] bytes;
        final Object result;

        Parsed(byte[] bytes, Object result) {
            this.bytes = bytes;
            this.result = result;
        }
    }

    public TaskRegistry(ObjectStore store) {
        this.store = store;
        this.ledger = new RunLedger(store);
    }

    public String describe() {
        return store.describe();
    }

    public RunLedger ledger() {
        return ledger;
    }

    /** The store, for a caller that opens tasks' targets the same way (tests, purge). */
    ObjectStore store() {
        return store;
    }

    static String key(TaskName name) {
        return TASKS + name.value() + ".json";
    }

    /** A registry document that could not be used, named by its key's task name. */
    public static final class Problem {
        private final String name;
        private final String message;

        Problem(String name, String message) {
            this.name = name;
            this.message = message;
        }

        public String name() {
            return name;
        }

        public String message() {
            return message;
        }

        @Override
        public String toString() {
            return name + ": " + message;
        }
    }

    /** Every task of the registry: the valid ones (by name) and the problems. */
    public static final class Listing {
        private final List<TaskDefinition> tasks;
        private final List<Problem> problems;

        Listing(List<TaskDefinition> tasks, List<Problem> problems) {
            this.tasks = Collections.unmodifiableList(tasks);
            this.problems = Collections.unmodifiableList(problems);
        }

        public List<TaskDefinition> tasks() {
            return tasks;
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    /** Reads every document (in parallel: an OSS registry of a thousand tasks is a thousand GETs). */
    public Listing list() throws IOException {
        List<String> keys = new ArrayList<>();
        store.list(TASKS, k -> {
            if (k.endsWith(".json") && k.indexOf('/', TASKS.length()) < 0) {
                keys.add(k);
            }
        });
        Collections.sort(keys);
        List<TaskDefinition> tasks = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        if (keys.size() <= 8) {
            for (String k : keys) {
                collect(read(k), tasks, problems);
            }
        } else {
            List<Future<Object>> reads = new ArrayList<>();
            try {
                for (String k : keys) {
                    reads.add(READERS.submit(() -> read(k)));
                }
                for (Future<Object> f : reads) {
                    collect(f.get(), tasks, problems);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the registry", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof IOException ? (IOException) e.getCause()
                        : new IOException(e.getCause());
            } finally {
                reads.forEach(f -> f.cancel(true));
            }
        }
        return new Listing(tasks, problems);
    }

    private static void collect(Object r, List<TaskDefinition> tasks, List<Problem> problems) {
        if (r instanceof TaskDefinition) {
            tasks.add((TaskDefinition) r);
        } else if (r instanceof Problem) {
            problems.add((Problem) r);
        }
    }

    /** A definition, a {@link Problem}, or null when the document vanished between list and read. */
    private Object read(String key) throws IOException {
        String fileName = key.substring(TASKS.length(), key.length() - ".json".length());
        Optional<byte[]> bytes = store.getBytes(key);
        if (!bytes.isPresent()) {
            parsed.remove(key);
            return null;
        }
        Parsed last = parsed.get(key);
        if (last != null && java.util.Arrays.equals(last.bytes, bytes.get())) {
            return last.result;
        }
        Object result;
        try {
            result = parse(fileName, bytes.get());
        } catch (CorruptTaskException e) {
            result = new Problem(fileName, e.problem());
        }
        parsed.put(key, new Parsed(bytes.get(), result));
        return result;
    }

    private static TaskDefinition parse(String fileName, byte[] bytes) throws CorruptTaskException {
        JsonObject o;
        try {
            o = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (RuntimeException | StackOverflowError e) {
            throw new CorruptTaskException(fileName, "is not a JSON object");
        }
        TaskDefinition d;
        try {
            d = TaskDefinition.fromJson(o);
        } catch (ConfigException e) {
            throw new CorruptTaskException(fileName, e.messageFor(OptionNaming.JSON));
        } catch (RuntimeException e) {
            throw new CorruptTaskException(fileName, "has a field of the wrong type (" + e.getClass().getSimpleName() + ")");
        }
        if (!d.name().value().equals(fileName)) {
            throw new CorruptTaskException(fileName, "names another task (\"" + d.name() + "\") than its file");
        }
        return d;
    }

    /** The task, or empty; a document that is there but invalid is a {@link CorruptTaskException}. */
    public Optional<TaskDefinition> get(TaskName name) throws IOException, CorruptTaskException {
        Optional<byte[]> bytes = store.getBytes(key(name));
        if (!bytes.isPresent()) {
            return Optional.empty();
        }
        return Optional.of(parse(name.value(), bytes.get()));
    }

    public boolean exists(TaskName name) throws IOException {
        return store.head(key(name)).isPresent();
    }

    /** Writes a new task; false, writing nothing, when the name is taken (also by a corrupt document). */
    public boolean create(TaskDefinition d) throws IOException {
        return store.putIfAbsent(key(d.name()), Payload.ofBytes(bytes(d)), meta());
    }

    /** Replaces an existing task's document. */
    public void replace(TaskDefinition d) throws IOException {
        store.put(key(d.name()), Payload.ofBytes(bytes(d)), meta());
    }

    /** Removes the task's document and its run bookkeeping (not its history); false when there was none. */
    public boolean delete(TaskName name) throws IOException {
        boolean existed = exists(name);
        store.delete(key(name));
        ledger.forget(name);
        return existed;
    }

    private static byte[] bytes(TaskDefinition d) {
        return new com.google.gson.GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()
                .toJson(d.toJson()).getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectMeta meta() {
        return ObjectMeta.builder().contentType("application/json").privateAcl(true).build();
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
