package dev.secondaryorigin.app;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** What a verify found: counts, readiness and the failures (URL and problem). */
public final class VerifyResult {
    private final String task;
    private final String target;
    private final JsonObject report;

    VerifyResult(String task, String target, JsonObject report) {
        this.task = task;
        this.target = target;
        this.report = report;
    }

    public String task() {
        return task;
    }

    public String target() {
        return target;
    }

    public long objects() {
        return report.get("objects").getAsLong();
    }

    public long okObjects() {
        return report.get("ok").getAsLong();
    }

    public long failed() {
        return report.get("failed").getAsLong();
    }

    public String readinessPercent() {
        return report.get("readinessPercent").getAsString();
    }

    /** The backup is ready: it holds objects, and every one the manifest records checked out. */
    public boolean ready() {
        return failed() == 0 && objects() > 0;
    }

    /** Each failure as {url, problem}. */
    public List<String[]> failures() {
        List<String[]> out = new ArrayList<>();
        for (JsonElement f : report.getAsJsonArray("failures")) {
            out.add(new String[] {f.getAsJsonObject().get("url").getAsString(),
                    f.getAsJsonObject().get("problem").getAsString()});
        }
        return out;
    }

    /** The verifier's document (counts, readiness, failures). */
    public JsonObject toJson() {
        return report.deepCopy();
    }
}
