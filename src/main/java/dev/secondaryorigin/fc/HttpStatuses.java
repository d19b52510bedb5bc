package dev.secondaryorigin.fc;

import dev.secondaryorigin.sync.PassReport;

/** The HTTP status each outcome gets over the HTTP trigger (README "HTTP trigger"). */
final class HttpStatuses {
    static final int OK = 200;
    static final int BAD_REQUEST = 400;
    static final int NOT_FOUND = 404;
    static final int CONFLICT = 409;
    static final int INTERNAL = 500;
    static final int NOT_IMPLEMENTED = 501;
    static final int BAD_GATEWAY = 502;

    private HttpStatuses() {
    }

    /** A pass that did its work is 200; a held or lost lease 409; an unhealthy or suspect origin 502. */
    static int of(PassReport.Result result) {
        switch (result) {
            case COMPLETE:
            case INCOMPLETE:
                return OK;
            case LEASE_HELD:
            case LEASE_LOST:
                return CONFLICT;
            default:
                return BAD_GATEWAY;
        }
    }
}
