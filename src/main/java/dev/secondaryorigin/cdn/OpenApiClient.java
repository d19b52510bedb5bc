package dev.secondaryorigin.cdn;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.auth.AlibabaCloudCredentials;
import com.aliyuncs.auth.BasicCredentials;
import com.aliyuncs.auth.BasicSessionCredentials;
import com.aliyuncs.auth.StaticCredentialsProvider;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.profile.DefaultProfile;
import dev.secondaryorigin.credentials.CloudCredentials;
import java.util.Map;

/**
 * One OpenAPI service (CDN, RAM) as this product calls it: the SDK client, the credentials it signs with and the
 * endpoint every request goes to. Failures come back as {@link OpenApiFailure}, explained.
 */
final class OpenApiClient {
    /** The services called are global; the SDK still wants a region to sign with. */
    private static final String SIGNING_REGION = "cn-hangzhou";

    private final IAcsClient client;
    private final CloudCredentials credentials;
    private final OpenApiEndpoint endpoint;

    OpenApiClient(IAcsClient client, CloudCredentials credentials, OpenApiEndpoint endpoint) {
        this.client = client;
        this.credentials = credentials;
        this.endpoint = endpoint;
    }

    static OpenApiClient of(CloudCredentials credentials, OpenApiEndpoint endpoint) {
        AlibabaCloudCredentials c = credentials.temporary()
                ? new BasicSessionCredentials(credentials.accessKeyId(), credentials.accessKeySecret(),
                credentials.securityToken())
                : new BasicCredentials(credentials.accessKeyId(), credentials.accessKeySecret());
        return new OpenApiClient(new DefaultAcsClient(DefaultProfile.getProfile(SIGNING_REGION),
                new StaticCredentialsProvider(c)), credentials, endpoint);
    }

    /**
     * The endpoint from {@code flagValue} ({@code flagName}), else the variable {@code envName}, else
     * {@code defaultHost}; the credentials from the standard variables, else the Alibaba Cloud CLI's profile
     * ({@link CloudCredentials#fromEnvironmentOrProfile}). The endpoint is checked first, so a mistyped flag is
     * reported even without a key.
     */
    static OpenApiClient fromEnvironment(Map<String, String> env, String flagValue, String flagName, String envName,
                                         String defaultHost) {
        OpenApiEndpoint ep = OpenApiEndpoint.choose(flagValue, flagName, env, envName, defaultHost);
        return of(CloudCredentials.fromEnvironmentOrProfile(env), ep);
    }

    CloudCredentials credentials() {
        return credentials;
    }

    OpenApiEndpoint endpoint() {
        return endpoint;
    }

    /** Sends one request to the endpoint; {@code action} names it in error messages. */
    <T extends AcsResponse> T call(AcsRequest<T> request, String action) {
        endpoint.apply(request);
        try {
            return client.getAcsResponse(request);
        } catch (ClientException e) {
            throw OpenApiFailure.explain(e, action, credentials, endpoint);
        }
    }
}
