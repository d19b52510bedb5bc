package dev.secondaryorigin.app;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.secondaryorigin.state.LeaseInfo;
import dev.secondaryorigin.state.PassRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What {@code status} shows of one task: the last report, who holds the lease, whether a pass is unfinished or
 * publishing, the passes one can roll back to (newest first) and what the manifest records.
 */
public final class TaskStatus {
    private final String task;
    private final JsonObject lastReport;
    private final LeaseInfo lease;
    private final boolean leaseExpired;
    private final boolean passInProgress;
    private final boolean publishing;
    private final List<PassRecord> rollbackPasses;
    private final ManifestStats manifest;

    TaskStatus(String task, JsonObject lastReport, LeaseInfo lease, boolean leaseExpired, boolean passInProgress,
               boolean publishing, List<PassRecord> rollbackPasses, ManifestStats manifest) {
        this.task = task;
        this.lastReport = lastReport;
        this.lease = lease;
        this.leaseExpired = leaseExpired;
        this.passInProgress = passInProgress;
        this.publishing = publishing;
        this.rollbackPasses = Collections.unmodifiableList(new ArrayList<>(rollbackPasses));
        this.manifest = manifest;
    }

    public String task() {
        return task;
    }

    /** The report of the last invocation, as it was kept; null when none finished yet. */
    public JsonObject lastReport() {
        return lastReport == null ? null : lastReport.deepCopy();
    }

    public boolean leaseHeld() {
        return lease != null;
    }

    public String leaseHolder() {
        return lease == null ? null : lease.holder();
    }

    public String leaseWhere() {
        return lease == null ? null : lease.where();
    }

    public Instant leaseExpiresAt() {
        return lease == null ? null : Instant.ofEpochMilli(lease.expiresAt());
    }

    public boolean leaseExpired() {
        return leaseExpired;
    }

    public boolean passInProgress() {
        return passInProgress;
    }

    public boolean publishing() {
        return publishing;
    }

    /** The passes one can roll back to, newest first. */
    public List<RollbackPass> rollbackPasses() {
        List<RollbackPass> out = new ArrayList<>();
        for (PassRecord r : rollbackPasses) {
            out.add(new RollbackPass(r.passId(), r.finishedAt()));
        }
        return out;
    }

    /** A pass one can roll back to. */
    public static final class RollbackPass {
        private final String passId;
        private final String finishedAt;

        RollbackPass(String passId, String finishedAt) {
            this.passId = passId;
            this.finishedAt = finishedAt;
        }

        public String passId() {
            return passId;
        }

        public String finishedAt() {
            return finishedAt;
        }
    }

    public ManifestStats manifest() {
        return manifest;
    }

    /** The document {@code status --json} prints and the FC {@code status} action answers. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.add("lastReport", lastReport != null ? lastReport.deepCopy() : JsonNull.INSTANCE);
        if (lease != null) {
            JsonObject l = lease.toJson();
            l.addProperty("expired", leaseExpired);
            o.add("lease", l);
        } else {
            o.add("lease", JsonNull.INSTANCE);
        }
        o.addProperty("passInProgress", passInProgress);
        o.addProperty("publishing", publishing);
        JsonArray targets = new JsonArray();
        for (PassRecord r : rollbackPasses) {
            targets.add(r.toJson());
        }
        o.add("rollbackPasses", targets);
        o.add("manifest", manifest.toJson());
        return o;
    }
}
