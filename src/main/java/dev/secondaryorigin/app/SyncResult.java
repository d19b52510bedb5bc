package dev.secondaryorigin.app;

import com.google.gson.JsonObject;
import dev.secondaryorigin.sync.PassReport;

/** What a sync did: the pass's report, what the CDN sources gave (when asked for) and the warm-up (when on). */
public final class SyncResult {
    private final PassReport report;
    private final JsonObject cdnSources;
    private final JsonObject warmup;

    SyncResult(PassReport report, JsonObject cdnSources, JsonObject warmup) {
        this.report = report;
        this.cdnSources = cdnSources;
        this.warmup = warmup;
    }

    public PassReport report() {
        return report;
    }

    public PassReport.Result result() {
        return report.result();
    }

    /** Complete or incomplete: the pass did what it could and the next run goes on. */
    public boolean ok() {
        return report.result() == PassReport.Result.COMPLETE || report.result() == PassReport.Result.INCOMPLETE;
    }

    public int exitCode() {
        return ExitCodes.of(report);
    }

    /** Null when the warm-up is off. */
    public JsonObject warmup() {
        return warmup == null ? null : warmup.deepCopy();
    }

    /** The report document both shells print and keep: the pass's report with the CDN parts added. */
    public JsonObject reportDocument() {
        JsonObject json = report.toJson();
        if (cdnSources != null) {
            json.add("cdnSources", cdnSources.deepCopy());
        }
        if (warmup != null) {
            json.add("warmup", warmup.deepCopy());
        }
        return json;
    }
}
