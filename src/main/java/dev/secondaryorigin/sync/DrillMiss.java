package dev.secondaryorigin.sync;

/** Why a drilled URL did not answer as the origin did; declared worst first (a visitor gets nothing first). */
public enum DrillMiss {
    UNREACHABLE("unreachable"),
    NOT_FOUND("not-found"),
    DENIED("access-denied"),
    SERVER_ERROR("server-error"),
    WRONG_STATUS("wrong-status"),
    WRONG_REDIRECT("wrong-redirect"),
    WRONG_BYTES("wrong-bytes"),
    WRONG_TYPE("wrong-content-type");

    private final String id;

    DrillMiss(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
