package dev.secondaryorigin.app;

import com.google.gson.JsonObject;
import dev.secondaryorigin.sync.Rollback;
import java.util.Collections;
import java.util.List;

/** What a rollback did, or why it did nothing. */
public final class RollbackResult {
    public enum Kind {
        ROLLED_BACK,
        /** No pass was named; {@link #valid} lists the ones one can roll back to. */
        MISSING_PASS,
        /** The pass named is not one to roll back to; the message lists the valid ones. */
        UNKNOWN_PASS,
        /** A pass (or another rollback) holds the task. */
        LEASE_HELD
    }

    private final Kind kind;
    private final String task;
    private final String target;
    private final Rollback.Outcome outcome;
    private final String message;
    private final List<String> valid;

    private RollbackResult(Kind kind, String task, String target, Rollback.Outcome outcome, String message,
                           List<String> valid) {
        this.kind = kind;
        this.task = task;
        this.target = target;
        this.outcome = outcome;
        this.message = message;
        this.valid = valid;
    }

    static RollbackResult done(String task, String target, Rollback.Outcome o) {
        return new RollbackResult(Kind.ROLLED_BACK, task, target, o, null, Collections.emptyList());
    }

    static RollbackResult missingPass(String task, String target, List<String> valid) {
        return new RollbackResult(Kind.MISSING_PASS, task, target, null,
                "one of " + (valid.isEmpty() ? "(none recorded)" : String.join(", ", valid)), valid);
    }

    static RollbackResult refused(Kind kind, String task, String target, String message, List<String> valid) {
        return new RollbackResult(kind, task, target, null, message, valid);
    }

    public Kind kind() {
        return kind;
    }

    public String task() {
        return task;
    }

    public String target() {
        return target;
    }

    /** Why nothing was done (null when rolled back). */
    public String message() {
        return message;
    }

    public List<String> valid() {
        return valid;
    }

    public String toPass() {
        return outcome.toPass();
    }

    public int undonePasses() {
        return outcome.undone().size();
    }

    public long restored() {
        return outcome.restored();
    }

    public long deleted() {
        return outcome.deleted();
    }

    /** The rollback's document (result, toPass, undonePasses, restored, deleted). */
    public JsonObject toJson() {
        return outcome.toJson();
    }
}
