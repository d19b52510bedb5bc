package dev.secondaryorigin.store;

import dev.secondaryorigin.task.ConfigException;

import java.util.Map;

/**
 * An access key pair, with the security token when it is STS credentials (FC's execution role). The secret and
 * the token never leave this object except towards the signer: {@link #toString()} shows the key id only.
 */
public final class OssCredentials {
    public static final String ENV_ACCESS_KEY_ID = "ALIBABA_CLOUD_ACCESS_KEY_ID";
    public static final String ENV_ACCESS_KEY_SECRET = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
    public static final String ENV_SECURITY_TOKEN = "ALIBABA_CLOUD_SECURITY_TOKEN";

    private final String accessKeyId;
    private final String accessKeySecret;
    private final String securityToken;

    private OssCredentials(String accessKeyId, String accessKeySecret, String securityToken) {
        this.accessKeyId = accessKeyId;
        this.accessKeySecret = accessKeySecret;
        this.securityToken = securityToken;
    }

    public static OssCredentials of(String accessKeyId, String accessKeySecret) {
        return of(accessKeyId, accessKeySecret, null);
    }

    /** STS credentials when {@code securityToken} is not null. */
    public static OssCredentials of(String accessKeyId, String accessKeySecret, String securityToken) {
        if (blank(accessKeyId) || blank(accessKeySecret)) {
            throw new ConfigException(null, "OSS credentials need both an access key id and a secret");
        }
        return new OssCredentials(accessKeyId.trim(), accessKeySecret.trim(), blank(securityToken) ? null : securityToken.trim());
    }

    /** Reads the standard Alibaba Cloud variables; a clear error names the ones missing. */
    public static OssCredentials fromEnvironment(Map<String, String> env) {
        String id = env.get(ENV_ACCESS_KEY_ID);
        String secret = env.get(ENV_ACCESS_KEY_SECRET);
        if (blank(id) || blank(secret)) {
            String missing = blank(id) && blank(secret) ? ENV_ACCESS_KEY_ID + " and " + ENV_ACCESS_KEY_SECRET
                    : blank(id) ? ENV_ACCESS_KEY_ID : ENV_ACCESS_KEY_SECRET;
            throw new ConfigException(null, "OSS credentials are missing: set " + missing
                    + " (and " + ENV_SECURITY_TOKEN + " for STS credentials) to a RAM user's or role's key "
                    + "allowed to read and write the bucket");
        }
        return of(id, secret, env.get(ENV_SECURITY_TOKEN));
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    public String accessKeySecret() {
        return accessKeySecret;
    }

    /** The STS security token, or null for a long-term key. */
    public String securityToken() {
        return securityToken;
    }

    private static boolean blank(String s) {
        return s == null || s.trim().isEmpty();
    }

    @Override
    public String toString() {
        return "OssCredentials{accessKeyId=" + accessKeyId + ", secret=***" + (securityToken != null ? ", sts" : "") + "}";
    }
}
