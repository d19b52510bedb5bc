package dev.secondaryorigin.state;

/** Another pass holds the task's lease. */
public final class LeaseHeldException extends Exception {
    private final LeaseInfo holder;

    public LeaseHeldException(LeaseInfo holder) {
        super("another pass holds the task: " + holder.describe());
        this.holder = holder;
    }

    public LeaseInfo holder() {
        return holder;
    }
}
