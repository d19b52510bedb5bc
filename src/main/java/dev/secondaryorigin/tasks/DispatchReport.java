package dev.secondaryorigin.tasks;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What one dispatch did: launched, running, on their way, waiting for a slot, failed, unreadable. */
public final class DispatchReport {
    /** One task and firing, with the launch's id or the failure's message. */
    public static final class Entry {
        private final String task;
        private final String firing;
        private final String detail;

        Entry(String task, String firing, String detail) {
            this.task = task;
            this.firing = firing;
            this.detail = detail;
        }

        public String task() {
            return task;
        }

        public String firing() {
            return firing;
        }

        public String detail() {
            return detail;
        }

        JsonObject toJson(String detailName) {
            JsonObject o = new JsonObject();
            o.addProperty("task", task);
            o.addProperty("firing", firing);
            if (detail != null) {
                o.addProperty(detailName, detail);
            }
            return o;
        }
    }

    final Instant at;
    final int tasks;
    final List<TaskRegistry.Problem> problems;
    final List<Entry> launched = new ArrayList<>();
    final List<Entry> waiting = new ArrayList<>();
    final List<Entry> failed = new ArrayList<>();
    final List<String> running = new ArrayList<>();
    final List<String> inFlight = new ArrayList<>();
    final List<String> claimedElsewhere = new ArrayList<>();
    long tookMillis;

    DispatchReport(Instant at, int tasks, List<TaskRegistry.Problem> problems) {
        this.at = at;
        this.tasks = tasks;
        this.problems = problems;
    }

    public List<Entry> launched() {
        return Collections.unmodifiableList(launched);
    }

    public List<Entry> waiting() {
        return Collections.unmodifiableList(waiting);
    }

    public List<Entry> failed() {
        return Collections.unmodifiableList(failed);
    }

    public List<String> running() {
        return Collections.unmodifiableList(running);
    }

    public List<String> inFlight() {
        return Collections.unmodifiableList(inFlight);
    }

    public List<TaskRegistry.Problem> problems() {
        return problems;
    }

    public long tookMillis() {
        return tookMillis;
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("at", at.toString());
        o.addProperty("tasks", tasks);
        o.add("launched", entries(launched, "id"));
        o.add("waiting", entries(waiting, null));
        o.add("failed", entries(failed, "message"));
        o.add("running", strings(running));
        o.add("inFlight", strings(inFlight));
        o.add("claimedElsewhere", strings(claimedElsewhere));
        JsonArray bad = new JsonArray();
        for (TaskRegistry.Problem p : problems) {
            JsonObject b = new JsonObject();
            b.addProperty("task", p.name());
            b.addProperty("message", p.message());
            bad.add(b);
        }
        o.add("invalidTasks", bad);
        o.addProperty("tookMs", tookMillis);
        return o;
    }

    private static JsonArray entries(List<Entry> es, String detailName) {
        JsonArray a = new JsonArray();
        for (Entry e : es) {
            a.add(e.toJson(detailName == null ? "detail" : detailName));
        }
        return a;
    }

    private static JsonArray strings(List<String> s) {
        JsonArray a = new JsonArray();
        s.forEach(a::add);
        return a;
    }
}
