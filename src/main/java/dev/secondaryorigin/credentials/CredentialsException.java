package dev.secondaryorigin.credentials;

import java.util.Optional;

/**
 * Credentials missing or refused. The message names the variable to set or the access key id that was refused,
 * never the secret or the token.
 *
 * <p>It is an {@link IllegalArgumentException} because missing credentials are bad input, found before any work
 * starts, and every shell already answers that type as such (CLI exit 2). A refusal happens in the middle of
 * work: the store and the OpenAPI clients report it in their own failure types (an {@code IOException}, an
 * {@code OpenApiFailure}) with this exception as the cause, so {@link #in(Throwable)} finds it either way.
 */
public final class CredentialsException extends IllegalArgumentException {
    private final boolean refused;
    private final String variable;
    private final String accessKeyId;

    private CredentialsException(String message, boolean refused, String variable, String accessKeyId,
                                 Throwable cause) {
        super(message, cause);
        this.refused = refused;
        this.variable = variable;
        this.accessKeyId = accessKeyId;
    }

    /** Nothing usable was given: {@code variable} names what to set (one variable, or several joined by "and"). */
    public static CredentialsException missing(String variable, String message) {
        return new CredentialsException(message, false, variable, null, null);
    }

    /**
     * A service refused {@code accessKeyId}: {@code variable} is the one to check (the secret's for a signature
     * mismatch, the token's for a bad STS token). {@code message} must name the key id, not the secret.
     */
    public static CredentialsException refused(String accessKeyId, String variable, String message, Throwable cause) {
        return new CredentialsException(message, true, variable, accessKeyId, cause);
    }

    /** True when a service refused the credentials; false when they were missing. */
    public boolean refused() {
        return refused;
    }

    /** The variable to set or check. */
    public String variable() {
        return variable;
    }

    /** The refused key id; null when the credentials were missing. */
    public String accessKeyId() {
        return accessKeyId;
    }

    /** The credentials problem in {@code failure} or its causes, if there is one. */
    public static Optional<CredentialsException> in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CredentialsException) {
                return Optional.of((CredentialsException) t);
            }
        }
        return Optional.empty();
    }
}
