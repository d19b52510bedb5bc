package dev.secondaryorigin.credentials;

import java.util.Map;
import java.util.Optional;

/**
 * The one Alibaba Cloud credential of the product, for OSS, CDN and RAM alike: an AccessKey id and secret, with
 * the security token when it is an STS key (FC's execution role). The secret and the token leave this object only
 * towards a signer: {@link #toString()} shows the key id.
 */
public final class CloudCredentials {
    public static final String ENV_ACCESS_KEY_ID = "ALIBABA_CLOUD_ACCESS_KEY_ID";
    public static final String ENV_ACCESS_KEY_SECRET = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
    public static final String ENV_SECURITY_TOKEN = "ALIBABA_CLOUD_SECURITY_TOKEN";

    private final String accessKeyId;
    private final String accessKeySecret;
    private final String securityToken;

    private CloudCredentials(String accessKeyId, String accessKeySecret, String securityToken) {
        this.accessKeyId = accessKeyId;
        this.accessKeySecret = accessKeySecret;
        this.securityToken = securityToken;
    }

    public static CloudCredentials of(String accessKeyId, String accessKeySecret) {
        return of(accessKeyId, accessKeySecret, null);
    }

    /**
     * STS credentials when {@code securityToken} is not blank. Values are trimmed: a pasted key often ends in a
     * newline.
     */
    public static CloudCredentials of(String accessKeyId, String accessKeySecret, String securityToken) {
        if (blank(accessKeyId) || blank(accessKeySecret)) {
            throw CredentialsException.missing(blank(accessKeyId) ? "access key id" : "access key secret",
                    "credentials need both an access key id and a secret");
        }
        return new CloudCredentials(accessKeyId.trim(), accessKeySecret.trim(),
                blank(securityToken) ? null : securityToken.trim());
    }

    /** Reads {@value #ENV_ACCESS_KEY_ID}, {@value #ENV_ACCESS_KEY_SECRET} and {@value #ENV_SECURITY_TOKEN}. */
    public static CloudCredentials fromEnvironment(Map<String, String> env) {
        return inEnvironment(env).orElseThrow(() -> missingFromEnvironment(env));
    }

    /**
     * The variables when they are set, else the Alibaba Cloud CLI's profile ({@link CliProfile}: the
     * {@value CliProfile#ENV_PROFILE} profile or the current one of {@code ~/.aliyun/config.json}). The variables
     * win, so a shell that exports a key keeps using it.
     */
    public static CloudCredentials fromEnvironmentOrProfile(Map<String, String> env) {
        Optional<CloudCredentials> fromEnv = inEnvironment(env);
        if (fromEnv.isPresent()) {
            return fromEnv.get();
        }
        if (!blank(env.get(ENV_ACCESS_KEY_ID)) || !blank(env.get(ENV_ACCESS_KEY_SECRET))) {
            // Half a key in the environment is a mistake to report, not a reason to sign with another key.
            throw missingFromEnvironment(env);
        }
        return CliProfile.read(env).orElseThrow(() -> {
            CredentialsException missing = missingFromEnvironment(env);
            return CredentialsException.missing(missing.variable(), missing.getMessage()
                    + "; or configure a profile with 'aliyun configure' (" + CliProfile.FILE + " in the home directory)");
        });
    }

    /**
     * The credentials FC hands each invocation (its execution role's STS key, fresher than the ones the instance
     * started with), else the environment's. The FC types stay in {@code fc}: it passes the three strings.
     */
    public static CloudCredentials fromExecutionRole(String accessKeyId, String accessKeySecret, String securityToken,
                                                     Map<String, String> env) {
        if (!blank(accessKeyId) && !blank(accessKeySecret)) {
            return of(accessKeyId, accessKeySecret, securityToken);
        }
        return fromEnvironment(env);
    }

    private static Optional<CloudCredentials> inEnvironment(Map<String, String> env) {
        String id = env.get(ENV_ACCESS_KEY_ID);
        String secret = env.get(ENV_ACCESS_KEY_SECRET);
        return blank(id) || blank(secret) ? Optional.empty() : Optional.of(of(id, secret, env.get(ENV_SECURITY_TOKEN)));
    }

    private static CredentialsException missingFromEnvironment(Map<String, String> env) {
        boolean noId = blank(env.get(ENV_ACCESS_KEY_ID));
        boolean noSecret = blank(env.get(ENV_ACCESS_KEY_SECRET));
        String missing = noId && noSecret ? ENV_ACCESS_KEY_ID + " and " + ENV_ACCESS_KEY_SECRET
                : noId ? ENV_ACCESS_KEY_ID : ENV_ACCESS_KEY_SECRET;
        return CredentialsException.missing(missing, "Alibaba Cloud credentials are missing: set " + missing
                + " (and " + ENV_SECURITY_TOKEN + " for STS credentials) to the AccessKey of a RAM user or role "
                + "allowed to make the calls (see Permissions in the README)");
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    /** For a signer only. */
    public String accessKeySecret() {
        return accessKeySecret;
    }

    /** The STS security token, or null for a long-term key. */
    public String securityToken() {
        return securityToken;
    }

    /** True for an STS key (it comes with a token and expires). */
    public boolean temporary() {
        return securityToken != null;
    }

    static boolean blank(String s) {
        return s == null || s.trim().isEmpty();
    }

    /** The key id, never the secret or the token: this text appears in messages users see. */
    @Override
    public String toString() {
        return "AccessKey " + accessKeyId + (securityToken == null ? "" : " (STS)");
    }
}
