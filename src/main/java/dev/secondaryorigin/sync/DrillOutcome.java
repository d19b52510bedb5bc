package dev.secondaryorigin.sync;

/** How one drilled URL answered: ready, or a miss with what a visitor would have got. Immutable. */
public final class DrillOutcome {
    private final DrillProbe probe;
    private final int status;
    private final DrillMiss miss;
    private final String problem;

    DrillOutcome(DrillProbe probe, int status, DrillMiss miss, String problem) {
        this.probe = probe;
        this.status = status;
        this.miss = miss;
        this.problem = problem;
    }

    static DrillOutcome ready(DrillProbe probe, int status) {
        return new DrillOutcome(probe, status, null, null);
    }

    static DrillOutcome missed(DrillProbe probe, int status, DrillMiss miss, String problem) {
        return new DrillOutcome(probe, status, miss, problem);
    }

    public DrillProbe probe() {
        return probe;
    }

    /** The HTTP status answered, 0 when there was no answer. */
    public int status() {
        return status;
    }

    public boolean ready() {
        return miss == null;
    }

    /** Null when ready. */
    public DrillMiss miss() {
        return miss;
    }

    /** What differs from the origin's answer, for people; null when ready. */
    public String problem() {
        return problem;
    }
}
