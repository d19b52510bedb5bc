package dev.secondaryorigin.app;

import dev.secondaryorigin.sync.DrillKind;
import dev.secondaryorigin.sync.DrillReport;
import java.util.Collections;
import java.util.List;

/** A drill's report and its verdict against the readiness asked for. */
public final class DrillResult {
    public enum Verdict {
        READY("ready"),
        /** Some kind's readiness is below the minimum. */
        NOT_READY("not-ready"),
        /** The manifest holds no stored object or redirect. */
        NOTHING_TO_DRILL("nothing-to-drill"),
        /** The time ran out before every URL was asked. */
        INCOMPLETE("incomplete"),
        /** A local target and no HTTP base to drill it through; nothing was asked. */
        NO_VIA("no-via");

        private final String id;

        Verdict(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    private final String task;
    private final String target;
    private final String host;
    private final boolean servedInProcess;
    private final DrillReport report;
    private final List<DrillKind> below;
    private final Verdict verdict;

    DrillResult(String task, String target, String host, boolean servedInProcess, DrillReport report,
                double minReady) {
        this.task = task;
        this.target = target;
        this.host = host;
        this.servedInProcess = servedInProcess;
        this.report = report;
        this.below = report.below(minReady);
        this.verdict = report.tried() == 0 ? Verdict.NOTHING_TO_DRILL : !below.isEmpty() ? Verdict.NOT_READY
                : report.complete() ? Verdict.READY : Verdict.INCOMPLETE;
    }

    private DrillResult(String task, String target) {
        this.task = task;
        this.target = target;
        this.host = null;
        this.servedInProcess = false;
        this.report = null;
        this.below = Collections.emptyList();
        this.verdict = Verdict.NO_VIA;
    }

    static DrillResult noVia(String task, String target) {
        return new DrillResult(task, target);
    }

    public Verdict verdict() {
        return verdict;
    }

    public int exitCode() {
        return ExitCodes.of(verdict);
    }

    public String task() {
        return task;
    }

    public String target() {
        return target;
    }

    /** The Host header the requests carried; null: the base's own. */
    public String host() {
        return host;
    }

    public boolean servedInProcess() {
        return servedInProcess;
    }

    /** Null when the verdict is {@link Verdict#NO_VIA}. */
    public DrillReport report() {
        return report;
    }

    /** The kinds whose readiness is below the minimum asked for. */
    public List<DrillKind> below() {
        return below;
    }

    /** The same kinds' ids. */
    public List<String> belowIds() {
        List<String> ids = new java.util.ArrayList<>();
        for (DrillKind k : below) {
            ids.add(k.id());
        }
        return ids;
    }
}
