package dev.secondaryorigin.cdn;

import java.util.Map;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.http.ProtocolType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where an Alibaba Cloud OpenAPI (RAM, CDN) is reached: the service's default host, or an override
 * ({@code --ram-endpoint} / {@code RAM_ENDPOINT}, {@code --cdn-endpoint} / {@code CDN_ENDPOINT}) given as
 * {@code host}, {@code host:port} or {@code http(s)://host[:port]} for private gateways and tests.
 */
public final class OpenApiEndpoint {
    private final String hostAndPort;
    private final ProtocolType protocol;

    private OpenApiEndpoint(String hostAndPort, ProtocolType protocol) {
        this.hostAndPort = hostAndPort;
        this.protocol = protocol;
    }

    /**
     * The endpoint a command uses: its flag when given, else the environment variable, else the service's
     * default host. Errors name whichever of the two the value came from.
     */
    public static OpenApiEndpoint choose(String flagValue, String flagName, Map<String, String> env, String envName,
                                         String defaultHost) {
        return flagValue != null && !flagValue.trim().isEmpty()
                ? parse(flagValue, defaultHost, flagName)
                : parse(env.get(envName), defaultHost, envName);
    }

    /**
     * Parses an override, or returns {@code defaultHost} over HTTPS when {@code raw} is null or blank.
     * {@code option} names the flag or variable in the error message.
     */
    public static OpenApiEndpoint parse(String raw, String defaultHost, String option) {
        if (raw == null || raw.trim().isEmpty()) {
            return new OpenApiEndpoint(defaultHost, ProtocolType.HTTPS);
        }
        String s = raw.trim();
        boolean hasScheme = s.contains("://");
        URI u;
        try {
            u = new URI(hasScheme ? s : "https://" + s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(option + " must be a host or an http(s)://host[:port] URL, got \"" + raw + "\"");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(option + " must be a host or an http(s)://host[:port] URL, got \"" + raw + "\"");
        }
        if (u.getHost() == null || u.getUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null
                || (u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/"))) {
            throw new IllegalArgumentException(option + " must be just a host, host:port or http(s)://host[:port], "
                    + "without user, path or query, got \"" + raw + "\"");
        }
        String host = u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
        return new OpenApiEndpoint(host, scheme.equals("http") ? ProtocolType.HTTP : ProtocolType.HTTPS);
    }

    /** {@code host} or {@code host:port}, as the SDK's {@code sysEndpoint} takes it. */
    public String hostAndPort() {
        return hostAndPort;
    }

    public ProtocolType protocol() {
        return protocol;
    }

    /**
     * Points one request here. Sets the protocol on every request because some SDK request classes
     * (RAM's) force HTTPS in their constructors, which would win over any profile setting.
     */
    public <T extends AcsRequest<?>> T apply(T request) {
        request.setSysEndpoint(hostAndPort);
        request.setSysProtocol(protocol);
        return request;
    }

    @Override
    public String toString() {
        return (protocol == ProtocolType.HTTP ? "http://" : "https://") + hostAndPort;
    }
}
