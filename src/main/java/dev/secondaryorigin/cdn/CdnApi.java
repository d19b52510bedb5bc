package dev.secondaryorigin.cdn;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import dev.secondaryorigin.credentials.CloudCredentials;
import java.util.Map;

/**
 * The Alibaba Cloud CDN OpenAPI as this product uses it: one client, the credentials it signs with and
 * the endpoint every request goes to ({@value #DEFAULT_ENDPOINT}, or the {@code --cdn-endpoint} /
 * {@value #ENDPOINT_ENV} override). Failures come back as {@link OpenApiFailure}, explained.
 */
public final class CdnApi {
    public static final String DEFAULT_ENDPOINT = "cdn.aliyuncs.com";
    public static final String ENDPOINT_ENV = "CDN_ENDPOINT";

    private final OpenApiClient client;

    private CdnApi(OpenApiClient client) {
        this.client = client;
    }

    /**
     * Credentials from the standard variables (else the CLI profile), endpoint from {@code endpointFlag} ({@code --cdn-endpoint}),
     * else {@value #ENDPOINT_ENV}, else {@value #DEFAULT_ENDPOINT}.
     */
    public static CdnApi fromEnvironment(Map<String, String> env, String endpointFlag) {
        return new CdnApi(OpenApiClient.fromEnvironment(env, endpointFlag, "--cdn-endpoint", ENDPOINT_ENV,
                DEFAULT_ENDPOINT));
    }

    /** With credentials resolved elsewhere (FC's execution role); the endpoint as {@link #fromEnvironment}. */
    public static CdnApi of(CloudCredentials credentials, Map<String, String> env, String endpointFlag) {
        return new CdnApi(OpenApiClient.of(credentials,
                OpenApiEndpoint.choose(endpointFlag, "--cdn-endpoint", env, ENDPOINT_ENV, DEFAULT_ENDPOINT)));
    }

    public OpenApiEndpoint endpoint() {
        return client.endpoint();
    }

    public CloudCredentials credentials() {
        return client.credentials();
    }

    /** Sends one request to the endpoint; {@code action} names it in error messages. */
    public <T extends AcsResponse> T call(AcsRequest<T> request, String action) {
        return client.call(request, action);
    }
}
