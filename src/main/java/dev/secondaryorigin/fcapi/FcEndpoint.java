package dev.secondaryorigin.fcapi;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where the FC 3.0 OpenAPI is reached: {@code https://<accountId>.<region>.fc.aliyuncs.com} in the cloud, or an
 * override ({@code host}, {@code host:port}, {@code http(s)://host[:port]}) for a private gateway or a test.
 */
public final class FcEndpoint {
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{1,32}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]+){1,4}");

    private final String host;
    private final boolean https;

    private FcEndpoint(String host, boolean https) {
        this.host = host;
        this.https = https;
    }

    /** The account's public endpoint in {@code region}; {@code source} names where the two values came from. */
    public static FcEndpoint forAccount(String accountId, String region, String source) {
        if (accountId == null || !ACCOUNT.matcher(accountId.trim()).matches()) {
            throw new IllegalArgumentException(source + ": the account id must be digits, got \"" + accountId + "\"");
        }
        if (region == null || !REGION.matcher(region.trim()).matches()) {
            throw new IllegalArgumentException(source + ": the region must look like cn-hangzhou, got \"" + region + "\"");
        }
        return new FcEndpoint(accountId.trim() + "." + region.trim() + ".fc.aliyuncs.com", true);
    }

    /** Parses an override; {@code option} names the flag or variable in the error. */
    public static FcEndpoint parse(String raw, String option) {
        String s = raw == null ? "" : raw.trim();
        String usage = option + " must be a host, host:port or http(s)://host[:port], got \"" + raw + "\"";
        if (s.isEmpty()) {
            throw new IllegalArgumentException(usage);
        }
        URI u;
        try {
            u = new URI(s.contains("://") ? s : "https://" + s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(usage);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        boolean pathless = u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/");
        if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || u.getUserInfo() != null
                || u.getRawQuery() != null || u.getRawFragment() != null || !pathless) {
            throw new IllegalArgumentException(usage);
        }
        return new FcEndpoint(u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : ""), scheme.equals("https"));
    }

    /** {@code host} or {@code host:port}, as the SDK's endpoint setting takes it. */
    public String host() {
        return host;
    }

    /** {@code https} or {@code http}, as the SDK's protocol setting takes it. */
    public String protocol() {
        return https ? "https" : "http";
    }

    @Override
    public String toString() {
        return protocol() + "://" + host;
    }
}
