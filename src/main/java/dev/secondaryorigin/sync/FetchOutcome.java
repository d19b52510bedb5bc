package dev.secondaryorigin.sync;

/** What an origin's HTTP status means for one URL of the backup. */
enum FetchOutcome {
    /** 304: the stored copy is current. */
    NOT_MODIFIED,
    /** 200: a body to store. */
    OK,
    /** 301, 302, 303, 307, 308. */
    REDIRECT,
    /** 404, 410: the origin says the URL is gone. */
    GONE,
    /** Anything else: the URL failed this pass; the stored copy is kept. */
    ERROR;

    static FetchOutcome of(int status) {
        switch (status) {
            case 304: return NOT_MODIFIED;
            case 200: return OK;
            case 301: case 302: case 303: case 307: case 308: return REDIRECT;
            case 404: case 410: return GONE;
            default: return ERROR;
        }
    }
}
