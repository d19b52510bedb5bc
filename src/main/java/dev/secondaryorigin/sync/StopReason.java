package dev.secondaryorigin.sync;

/** Why a pass stopped taking work before its frontier was empty. */
enum StopReason {
    STOP_REQUESTED("stop requested"),
    LEASE_LOST("lease lost"),
    ORIGIN_UNHEALTHY("origin unhealthy: most recent fetches failed; stopped early, the backup keeps its last good copies"),
    INTERRUPTED("interrupted"),
    /** The soft-failure gate's verdict was already damning; see SyncPass.judgeEarly. */
    ORIGIN_SUSPECT("origin suspect");

    private final String message;

    StopReason(String message) {
        this.message = message;
    }

    String message() {
        return message;
    }
}
