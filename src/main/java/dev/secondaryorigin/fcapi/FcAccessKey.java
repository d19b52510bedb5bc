package dev.secondaryorigin.fcapi;

import java.util.Map;

/**
 * The AccessKey an invocation is signed with: id, secret and, for the execution role's temporary key, the STS
 * token. The secret and the token go to the signer only: {@link #toString()} and every error name the key id.
 */
public final class FcAccessKey {
    public static final String ID_ENV = "ALIBABA_CLOUD_ACCESS_KEY_ID";
    public static final String SECRET_ENV = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
    public static final String TOKEN_ENV = "ALIBABA_CLOUD_SECURITY_TOKEN";

    private final String id;
    private final String secret;
    private final String securityToken;

    private FcAccessKey(String id, String secret, String securityToken) {
        this.id = id;
        this.secret = secret;
        this.securityToken = securityToken;
    }

    /** A key; {@code securityToken} null or blank for a long-term key. */
    public static FcAccessKey of(String id, String secret, String securityToken) {
        if (blank(id) || blank(secret)) {
            throw new IllegalArgumentException("an AccessKey for Function Compute needs both an id and a secret");
        }
        return new FcAccessKey(id.trim(), secret.trim(), blank(securityToken) ? null : securityToken.trim());
    }

    /** The standard variables (FC sets them to the execution role's key); the error names what is missing. */
    public static FcAccessKey fromEnvironment(Map<String, String> env) {
        if (blank(env.get(ID_ENV)) || blank(env.get(SECRET_ENV))) {
            throw new IllegalArgumentException("no AccessKey to invoke Function Compute with: set " + ID_ENV + " and "
                    + SECRET_ENV + " (and " + TOKEN_ENV + " for a temporary STS key), or give the function a role");
        }
        return of(env.get(ID_ENV), env.get(SECRET_ENV), env.get(TOKEN_ENV));
    }

    public String id() {
        return id;
    }

    String secret() {
        return secret;
    }

    /** The STS token, or null for a long-term key. */
    String securityToken() {
        return securityToken;
    }

    private static boolean blank(String s) {
        return s == null || s.trim().isEmpty();
    }

    @Override
    public String toString() {
        return "AccessKey " + id + (securityToken == null ? "" : " (STS)");
    }
}
