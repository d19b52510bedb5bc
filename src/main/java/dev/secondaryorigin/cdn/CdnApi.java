package dev.secondaryorigin.cdn;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.exceptions.ClientException;
import java.util.Map;

/**
 * The Alibaba Cloud CDN OpenAPI as this product uses it: one client, the credentials it signs with and
 * the endpoint every request goes to ({@value #DEFAULT_ENDPOINT}, or the {@code --cdn-endpoint} /
 * {@value #ENDPOINT_ENV} override). Failures come back as {@link OpenApiFailure}, explained.
 */
public final class CdnApi {
    public static final String DEFAULT_ENDPOINT = "cdn.aliyuncs.com";
    public static final String ENDPOINT_ENV = "CDN_ENDPOINT";

    private final IAcsClient client;
    private final OpenApiCredentials credentials;
    private final OpenApiEndpoint endpoint;

    public CdnApi(IAcsClient client, OpenApiCredentials credentials, OpenApiEndpoint endpoint) {
        this.client = client;
        this.credentials = credentials;
        this.endpoint = endpoint;
    }

    /**
     * Credentials from the standard variables, endpoint from {@code endpointFlag} ({@code --cdn-endpoint}),
     * else {@value #ENDPOINT_ENV}, else {@value #DEFAULT_ENDPOINT}.
     */
    public static CdnApi fromEnvironment(Map<String, String> env, String endpointFlag) {
        OpenApiEndpoint ep = OpenApiEndpoint.choose(endpointFlag, "--cdn-endpoint", env, ENDPOINT_ENV, DEFAULT_ENDPOINT);
        OpenApiCredentials c = OpenApiCredentials.fromEnvironment(env);
        return new CdnApi(c.client("cn-hangzhou"), c, ep);
    }

    public OpenApiEndpoint endpoint() {
        return endpoint;
    }

    public OpenApiCredentials credentials() {
        return credentials;
    }

    /** Sends one request to the endpoint; {@code action} names it in error messages. */
    public <T extends AcsResponse> T call(AcsRequest<T> request, String action) {
        endpoint.apply(request);
        try {
            return client.getAcsResponse(request);
        } catch (ClientException e) {
            throw OpenApiFailure.explain(e, action, credentials, endpoint);
        }
    }
}
