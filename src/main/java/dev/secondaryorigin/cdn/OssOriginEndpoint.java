package dev.secondaryorigin.cdn;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bucket's public OSS endpoint ({@code bucket.oss-cn-hangzhou.aliyuncs.com}), the only form the CDN
 * accepts as an OSS origin. Internal ({@code -internal}) endpoints are reachable only inside the region,
 * the acceleration endpoint is not a region's, and a path prefix would not match the keys the CDN asks
 * for (it maps request paths 1:1 to object keys), so all three are refused with the reason.
 */
public final class OssOriginEndpoint {
    private static final Pattern PUBLIC = Pattern.compile(
            "([a-z0-9][a-z0-9-]{1,61}[a-z0-9])\\.(oss-[a-z]{2}-[a-z0-9-]+)\\.aliyuncs\\.com");

    private final String bucket;
    private final String host;

    private OssOriginEndpoint(String bucket, String host) {
        this.bucket = bucket;
        this.host = host;
    }

    /** Parses {@code raw}; {@code option} names the flag in error messages. */
    public static OssOriginEndpoint parse(String raw, String option) {
        if (raw == null || raw.trim().isEmpty()) {
            throw new IllegalArgumentException(option + " is required: the bucket's public OSS endpoint, e.g. "
                    + "my-backup.oss-cn-hangzhou.aliyuncs.com");
        }
        String s = raw.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("oss://")) {
            throw new IllegalArgumentException(option + " must be the bucket's public endpoint with its region, "
                    + "e.g. " + s.substring(6).split("/")[0] + ".oss-cn-hangzhou.aliyuncs.com, got \"" + raw + "\"");
        }
        s = s.replaceFirst("^https?://", "");
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.contains("/")) {
            throw new IllegalArgumentException(option + " must be a bucket endpoint without a path: the CDN asks the "
                    + "bucket for the same path the visitor asked for, so a backup under a prefix cannot be an "
                    + "origin; got \"" + raw + "\"");
        }
        Matcher m = PUBLIC.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException(option + " must be an OSS public endpoint such as "
                    + "my-backup.oss-cn-hangzhou.aliyuncs.com (the CDN accepts only public OSS endpoints as "
                    + "origins), got \"" + raw + "\"");
        }
        if (m.group(2).endsWith("-internal")) {
            throw new IllegalArgumentException(option + " is an internal OSS endpoint, which CDN nodes cannot reach; "
                    + "use the public one, " + m.group(1) + "." + m.group(2).replaceFirst("-internal$", "")
                    + ".aliyuncs.com (the sync itself may still use the internal one via --oss-endpoint)");
        }
        return new OssOriginEndpoint(m.group(1), s);
    }

    public String bucket() {
        return bucket;
    }

    /** {@code bucket.oss-region.aliyuncs.com}, lower case: the origin's {@code content}. */
    public String host() {
        return host;
    }

    @Override
    public String toString() {
        return host;
    }
}
