package dev.secondaryorigin.store;

import dev.secondaryorigin.task.ConfigException;
import dev.secondaryorigin.task.TaskConfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an OSS secondary origin lives, parsed from the address the CDN console takes
 * ({@code my-backup.oss-cn-hangzhou.aliyuncs.com[/prefix]}) or from {@code oss://BUCKET[/prefix]} plus a region,
 * and the endpoint the sync's own traffic goes to (the public one unless {@code --oss-endpoint} says otherwise).
 * Immutable.
 */
public final class OssTarget {
    /** {@code bucket.oss-region[-internal].aliyuncs.com}; the bucket part is checked separately for a clear message. */
    private static final Pattern BUCKET_HOST = Pattern.compile(
            "([^.]+)\\.oss-([a-z0-9-]+?)(-internal)?\\.aliyuncs\\.com\\.?");
    /** A region endpoint without a bucket: {@code oss-cn-hangzhou[-internal].aliyuncs.com}. */
    private static final Pattern REGION_HOST = Pattern.compile("oss-([a-z0-9-]+?)(-internal)?\\.aliyuncs\\.com\\.?");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");
    private static final Pattern REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private final String bucket;
    private final String region;
    private final String keyPrefix;
    private final String endpoint;
    private final boolean pathStyle;

    private OssTarget(String bucket, String region, String keyPrefix, String endpoint, boolean pathStyle) {
        this.bucket = bucket;
        this.region = region;
        this.keyPrefix = keyPrefix;
        this.endpoint = endpoint;
        this.pathStyle = pathStyle;
    }

    /** The target of a task, with its {@code oss-endpoint} and {@code oss-region} options. */
    public static OssTarget of(TaskConfig config) {
        return parse(config.target(), config.ossEndpoint(), config.ossRegion());
    }

    /**
     * Parses a target address.
     *
     * @param target           {@code BUCKET.oss-REGION[-internal].aliyuncs.com[/prefix]} (optionally with
     *                         {@code https://}) or {@code oss://BUCKET[/prefix]}
     * @param endpointOverride null, a region endpoint such as {@code oss-cn-hangzhou-internal.aliyuncs.com}, or an
     *                         {@code http(s)://host:port} URL of an OSS-compatible endpoint (reached path-style)
     * @param regionOption     null or a region id such as {@code cn-hangzhou}
     */
    public static OssTarget parse(String target, String endpointOverride, String regionOption) {
        if (target == null || target.trim().isEmpty()) {
            throw new ConfigException("target", "must name an OSS bucket endpoint such as "
                    + "my-backup.oss-cn-hangzhou.aliyuncs.com or oss://my-backup");
        }
        String t = target.trim();
        String region = regionOption == null || regionOption.trim().isEmpty() ? null : checkRegion(regionOption.trim());
        String bucket;
        String hostRegion = null;
        String rest;
        boolean internal = false;
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("oss://")) {
            String s = t.substring("oss://".length());
            int slash = s.indexOf('/');
            bucket = checkBucket(slash < 0 ? s : s.substring(0, slash), t);
            rest = slash < 0 ? "" : s.substring(slash);
        } else {
            if (lower.startsWith("http://")) {
                throw new ConfigException("target", "must be the bucket's endpoint without a scheme, such as "
                        + "my-backup.oss-cn-hangzhou.aliyuncs.com, got the http URL \"" + t + "\"; to reach an "
                        + "OSS-compatible endpoint over http, use oss://BUCKET with --oss-endpoint http://host:port");
            }
            String s = lower.startsWith("https://") ? t.substring("https://".length()) : t;
            int slash = s.indexOf('/');
            String host = slash < 0 ? s : s.substring(0, slash);
            rest = slash < 0 ? "" : s.substring(slash);
            String hostLower = host.toLowerCase(Locale.ROOT);
            if (REGION_HOST.matcher(hostLower).matches()) {
                throw new ConfigException("target", "names an OSS region endpoint but no bucket: write "
                        + "BUCKET." + hostLower + " (the bucket's endpoint, as the CDN console shows it), got \"" + t + "\"");
            }
            Matcher m = BUCKET_HOST.matcher(hostLower);
            if (!m.matches()) {
                throw new ConfigException("target", "must be an OSS bucket endpoint such as "
                        + "my-backup.oss-cn-hangzhou.aliyuncs.com[/prefix] or oss://BUCKET[/prefix], got \"" + t + "\"");
            }
            bucket = checkBucket(host.substring(0, m.end(1)), t);
            hostRegion = m.group(2);
            internal = m.group(3) != null;
            if (hostRegion.startsWith("accelerate")) {
                // Global acceleration endpoints carry no region; the signature still needs one.
                hostRegion = null;
            }
        }
        String keyPrefix = parsePrefix(rest, t);

        Endpoint ep = endpointOverride == null || endpointOverride.trim().isEmpty()
                ? null : parseEndpoint(endpointOverride.trim());
        if (hostRegion != null && region != null && !hostRegion.equals(region)) {
            throw new ConfigException("oss-region", "is \"" + region + "\" but the target's endpoint is in region \""
                    + hostRegion + "\"; leave --oss-region out or make them agree");
        }
        if (region == null) {
            region = hostRegion != null ? hostRegion : (ep != null ? ep.region : null);
        }
        if (region == null) {
            throw new ConfigException("oss-region", "is required when the target (\"" + t + "\") does not name the "
                    + "region, e.g. --oss-region cn-hangzhou");
        }
        String endpoint;
        boolean pathStyle;
        if (ep != null) {
            endpoint = ep.url;
            pathStyle = ep.pathStyle;
        } else {
            endpoint = "https://oss-" + region + (internal ? "-internal" : "") + ".aliyuncs.com";
            pathStyle = false;
        }
        return new OssTarget(bucket, region, keyPrefix, endpoint, pathStyle);
    }

    private static final class Endpoint {
        final String url;
        final boolean pathStyle;
        final String region;

        Endpoint(String url, boolean pathStyle, String region) {
            this.url = url;
            this.pathStyle = pathStyle;
            this.region = region;
        }
    }

    private static Endpoint parseEndpoint(String raw) {
        String lower = raw.toLowerCase(Locale.ROOT);
        boolean hasScheme = lower.startsWith("http://") || lower.startsWith("https://");
        if (!hasScheme && lower.contains("://")) {
            throw new ConfigException("oss-endpoint", "must be a region endpoint such as "
                    + "oss-cn-hangzhou-internal.aliyuncs.com or an http(s)://host:port URL, got \"" + raw + "\"");
        }
        URI u;
        try {
            u = new URI(hasScheme ? raw : "https://" + raw);
        } catch (URISyntaxException e) {
            throw new ConfigException("oss-endpoint", "must be a region endpoint such as "
                    + "oss-cn-hangzhou-internal.aliyuncs.com or an http(s)://host:port URL, got \"" + raw + "\"");
        }
        String host = u.getHost();
        if (host == null || u.getUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null
                || (u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/"))) {
            throw new ConfigException("oss-endpoint", "must be a host or an http(s)://host:port URL without a path, "
                    + "query or user info, got \"" + (u.getUserInfo() != null ? "(credentials hidden)" : raw) + "\"");
        }
        String hostLower = host.toLowerCase(Locale.ROOT);
        if (BUCKET_HOST.matcher(hostLower).matches()) {
            throw new ConfigException("oss-endpoint", "must be the region's endpoint without the bucket, such as "
                    + hostLower.substring(hostLower.indexOf('.') + 1) + ", got \"" + raw + "\"");
        }
        Matcher m = REGION_HOST.matcher(hostLower);
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        String url = scheme + "://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host)
                + (u.getPort() > 0 ? ":" + u.getPort() : "");
        if (m.matches() && u.getPort() < 0) {
            String r = m.group(1).startsWith("accelerate") ? null : m.group(1);
            return new Endpoint(url, false, r);
        }
        // Anything but a real OSS region endpoint (a proxy, a gateway, an emulator) cannot resolve
        // bucket sub-domains: address the bucket in the path.
        return new Endpoint(url, true, null);
    }

    private static String checkBucket(String b, String target) {
        if (!b.equals(b.toLowerCase(Locale.ROOT))) {
            throw new ConfigException("target", "bucket names are lower-case: \"" + b + "\" has capitals (in \""
                    + target + "\")");
        }
        if (!BUCKET.matcher(b).matches()) {
            throw new ConfigException("target", "bucket name must be 3-63 lower-case letters, digits or hyphens, "
                    + "starting and ending with a letter or digit, got \"" + b + "\"");
        }
        return b;
    }

    private static String checkRegion(String r) {
        String lower = r.toLowerCase(Locale.ROOT);
        if (lower.startsWith("oss-")) {
            throw new ConfigException("oss-region", "is a region id such as cn-hangzhou, without \"oss-\", got \""
                    + r + "\"");
        }
        if (!REGION.matcher(lower).matches()) {
            throw new ConfigException("oss-region", "must be a region id such as cn-hangzhou, got \"" + r + "\"");
        }
        return lower;
    }

    private static String parsePrefix(String rest, String target) {
        String p = rest;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return "";
        }
        if (p.contains("?") || p.contains("#") || p.contains("\\")) {
            throw new ConfigException("target", "key prefix must be a plain path such as /backup/www, got \""
                    + target + "\"");
        }
        for (String seg : p.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                throw new ConfigException("target", "key prefix must not contain empty, '.' or '..' segments, got \""
                        + target + "\"");
            }
        }
        return p + "/";
    }

    public String bucket() {
        return bucket;
    }

    public String region() {
        return region;
    }

    /** Prefix put before every key: empty, or a path ending in '/'. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** The bucket's public domain, the one a CDN uses as its origin: {@code bucket.oss-region.aliyuncs.com}. */
    public String publicEndpoint() {
        return bucket + ".oss-" + region + ".aliyuncs.com";
    }

    /** The endpoint URL the sync's own requests go to, without the bucket (e.g. {@code https://oss-cn-hangzhou.aliyuncs.com}). */
    public String endpoint() {
        return endpoint;
    }

    /** True when the bucket is addressed in the path ({@code endpoint/bucket/key}) rather than as a sub-domain. */
    public boolean pathStyle() {
        return pathStyle;
    }

    /** {@code oss://bucket/prefix}. */
    public String describe() {
        return "oss://" + bucket + "/" + keyPrefix;
    }

    @Override
    public String toString() {
        return describe() + " (" + region + ", via " + endpoint + (pathStyle ? ", path-style" : "") + ")";
    }
}
