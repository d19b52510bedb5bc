package dev.secondaryorigin.app;

import dev.secondaryorigin.cdn.CdnRefusal;
import dev.secondaryorigin.cdn.OpenApiFailure;
import dev.secondaryorigin.crawl.RefusedUrlException;
import dev.secondaryorigin.state.LeaseHeldException;
import dev.secondaryorigin.task.ConfigException;
import dev.secondaryorigin.task.OptionNaming;
import java.io.IOException;

/**
 * What an exception that ended a use case means to whoever asked: bad input (the message names the option),
 * another run holds the task, or a failure. The one place that decides which exceptions carry a message meant
 * for the user; the shells turn the kind into an exit code or an HTTP status.
 */
public final class Failure {
    public enum Kind { BAD_INPUT, LEASE_HELD, FAILED }

    private final Kind kind;
    private final String message;

    private Failure(Kind kind, String message) {
        this.kind = kind;
        this.message = message;
    }

    /** {@code naming}: how an option is spelled to this caller (flag, JSON field, environment variable). */
    public static Failure of(Throwable e, OptionNaming naming) {
        if (e instanceof ConfigException) {
            return new Failure(Kind.BAD_INPUT, ((ConfigException) e).messageFor(naming));
        }
        if (e instanceof IllegalArgumentException || e instanceof CdnRefusal) {
            return new Failure(Kind.BAD_INPUT, e.getMessage());
        }
        if (e instanceof LeaseHeldException) {
            return new Failure(Kind.LEASE_HELD, e.getMessage());
        }
        boolean speaksToUser = e instanceof IOException || e instanceof OpenApiFailure
                || e instanceof RefusedUrlException;
        return new Failure(Kind.FAILED, speaksToUser && e.getMessage() != null ? e.getMessage() : e.toString());
    }

    public Kind kind() {
        return kind;
    }

    public String message() {
        return message;
    }
}
