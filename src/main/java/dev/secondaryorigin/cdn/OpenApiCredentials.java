package dev.secondaryorigin.cdn;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.auth.AlibabaCloudCredentials;
import com.aliyuncs.auth.BasicCredentials;
import com.aliyuncs.auth.BasicSessionCredentials;
import com.aliyuncs.auth.StaticCredentialsProvider;
import com.aliyuncs.profile.DefaultProfile;
import java.util.Map;

/**
 * An AccessKey pair (and STS token, when the key is temporary) for the OpenAPIs, read from the standard
 * variables {@code ALIBABA_CLOUD_ACCESS_KEY_ID}, {@code ALIBABA_CLOUD_ACCESS_KEY_SECRET} and
 * {@code ALIBABA_CLOUD_SECURITY_TOKEN}. Its {@link #toString()} names the key id, never the secret.
 */
public final class OpenApiCredentials {
    public static final String ID_ENV = "ALIBABA_CLOUD_ACCESS_KEY_ID";
    public static final String SECRET_ENV = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
    public static final String TOKEN_ENV = "ALIBABA_CLOUD_SECURITY_TOKEN";

    private final String accessKeyId;
    private final String accessKeySecret;
    private final String securityToken;

    public OpenApiCredentials(String accessKeyId, String accessKeySecret, String securityToken) {
        this.accessKeyId = accessKeyId;
        this.accessKeySecret = accessKeySecret;
        this.securityToken = securityToken == null || securityToken.isEmpty() ? null : securityToken;
    }

    /** Reads the standard variables; throws IllegalArgumentException naming what is missing. */
    public static OpenApiCredentials fromEnvironment(Map<String, String> env) {
        String id = trimmed(env.get(ID_ENV));
        String secret = trimmed(env.get(SECRET_ENV));
        if (id == null || secret == null) {
            throw new IllegalArgumentException("no Alibaba Cloud AccessKey: set " + ID_ENV + " and " + SECRET_ENV
                    + " (and " + TOKEN_ENV + " for a temporary STS key) to a key allowed to call the API");
        }
        return new OpenApiCredentials(id, secret, trimmed(env.get(TOKEN_ENV)));
    }

    private static String trimmed(String s) {
        return s == null || s.trim().isEmpty() ? null : s.trim();
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    public boolean temporary() {
        return securityToken != null;
    }

    /** A client for the OpenAPIs; {@code regionId} matters only for regional services. */
    public IAcsClient client(String regionId) {
        AlibabaCloudCredentials c = securityToken == null
                ? new BasicCredentials(accessKeyId, accessKeySecret)
                : new BasicSessionCredentials(accessKeyId, accessKeySecret, securityToken);
        return new DefaultAcsClient(DefaultProfile.getProfile(regionId), new StaticCredentialsProvider(c));
    }

    @Override
    public String toString() {
        return "AccessKey " + accessKeyId + (securityToken == null ? "" : " (STS)");
    }
}
