package dev.secondaryorigin.task;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every option of a task, parsed and validated up front. Immutable. Build one with
 * {@link #parse(Map)} from raw values keyed by canonical option name; front ends collect those values
 * from flags, environment variables or JSON.
 */
public final class TaskConfig {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?|\\[[0-9a-fA-F:.]+\\]");
    private static final Pattern TASK_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2,}(-[a-z0-9]+)+");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private final URI origin;
    private final String domain;
    private final String target;
    private final String taskName;
    private final List<String> entries;
    private final Set<String> extraHosts;
    private final Set<ResourceType> resourceTypes;
    private final List<String> includes;
    private final List<String> excludes;
    private final int maxDepth;
    private final long maxObjects;
    private final long maxObjectSize;
    private final int concurrency;
    private final int timeoutSeconds;
    private final int retries;
    private final Map<String, String> headers;
    private final String userAgent;
    private final boolean insecureTls;
    private final long maxSeconds;
    private final int pruneAfter;
    private final boolean useSitemaps;
    private final boolean full;
    private final long minRevisitSeconds;
    private final long maxRevisitSeconds;
    private final boolean scriptLinks;
    private final int scriptLinksPerDocument;
    private final int scriptLinksPerPass;
    private final int scriptLinksRecheckDays;
    private final boolean acceptChanges;
    private final int keepPasses;
    private final int gateMinObjects;
    private final int gateSharePercent;
    private final long leaseSeconds;
    private final long checkpointSeconds;
    private final String ossEndpoint;
    private final String ossRegion;
    private final long multipartThreshold;
    private final String cdnEndpoint;
    private final boolean warmup;
    private final boolean topUrls;
    private final int cdnLogsHours;
    private final int cdnSeedsMax;
    private final List<String> guardPaths;
    private final Set<Integer> guardStatuses;
    private final String guardBody;
    private final int guardFailures;
    private final int guardSuccesses;
    private final int guardMaxBackupAgeHours;

    private TaskConfig(Values v) {
        origin = parseOrigin(v.one("origin"));
        String d = v.one("domain");
        domain = d == null ? origin.getHost().toLowerCase(Locale.ROOT) : parseHost("domain", d);
        target = v.one("target");
        if (target == null || target.trim().isEmpty()) {
            throw new ConfigException("target", "must name a directory or an OSS bucket endpoint");
        }
        String tn = v.one("task-name");
        taskName = tn == null ? domain : tn;
        if (!TASK_NAME.matcher(taskName).matches()) {
            throw new ConfigException("task-name", "must be 1-128 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit, got \"" + taskName + "\"");
        }
        List<String> es = new ArrayList<>();
        for (String e : v.list("entry")) {
            es.add(sitePath("entry", e));
        }
        entries = Collections.unmodifiableList(es);
        Set<String> hosts = new LinkedHashSet<>();
        for (String h : v.list("extra-host")) {
            hosts.add(parseHost("extra-host", h));
        }
        extraHosts = Collections.unmodifiableSet(hosts);
        resourceTypes = Collections.unmodifiableSet(EnumSet.copyOf(
                ResourceType.parseList("resource-types", v.one("resource-types"))));
        includes = Collections.unmodifiableList(globs("include", v.list("include")));
        excludes = Collections.unmodifiableList(globs("exclude", v.list("exclude")));
        maxDepth = (int) v.number("max-depth", 0, 10_000);
        maxObjects = v.number("max-objects", 1, 100_000_000L);
        maxObjectSize = v.size("max-object-size", 1, 48L << 40);
        concurrency = (int) v.number("concurrency", 1, 512);
        timeoutSeconds = (int) v.number("timeout", 1, 3600);
        retries = (int) v.number("retries", 0, 20);
        Map<String, String> hs = new LinkedHashMap<>();
        for (String h : v.list("header")) {
            int colon = h.indexOf(':');
            String name = colon > 0 ? h.substring(0, colon).trim() : "";
            if (!HEADER_NAME.matcher(name).matches() || h.indexOf('\r') >= 0 || h.indexOf('\n') >= 0) {
                throw new ConfigException("header", "must look like 'Name: value', got \"" + redactHeader(h) + "\"");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("host") || lower.equals("content-length") || lower.equals("accept-encoding")) {
                throw new ConfigException("header", "may not set " + name + " (it is managed by the fetcher)");
            }
            hs.put(name, h.substring(colon + 1).trim());
        }
        headers = Collections.unmodifiableMap(hs);
        userAgent = v.one("user-agent");
        if (userAgent.trim().isEmpty() || hasControl(userAgent)) {
            throw new ConfigException("user-agent", "must be non-empty text without control characters (it is sent "
                    + "as a header), got \"" + printable(userAgent) + "\"");
        }
        insecureTls = v.bool("insecure-tls");
        maxSeconds = v.number("max-seconds", 0, 365L * 24 * 3600);
        pruneAfter = (int) v.number("prune-after", 0, 10_000);
        useSitemaps = !v.bool("no-sitemaps");
        full = v.bool("full");
        maxRevisitSeconds = v.duration("max-revisit", 0, 365L * 86_400);
        minRevisitSeconds = v.duration("min-revisit", 0, 365L * 86_400);
        if (maxRevisitSeconds > 0 && minRevisitSeconds > maxRevisitSeconds) {
            throw new ConfigException("min-revisit", "must not exceed --max-revisit (" + Durations.format(maxRevisitSeconds)
                    + "), got " + v.one("min-revisit"));
        }
        scriptLinks = !v.bool("no-script-links");
        scriptLinksPerDocument = (int) v.number("script-links-per-document", 1, 100_000);
        scriptLinksPerPass = (int) v.number("script-links-per-pass", 0, 10_000_000);
        scriptLinksRecheckDays = (int) v.number("script-links-recheck-days", 0, 3650);
        acceptChanges = v.bool("accept-changes");
        keepPasses = (int) v.number("keep-passes", 0, 100);
        gateMinObjects = (int) v.number("gate-min-objects", 1, 1_000_000);
        gateSharePercent = (int) v.number("gate-share", 1, 100);
        leaseSeconds = v.number("lease-seconds", 10, 7L * 24 * 3600);
        checkpointSeconds = v.number("checkpoint-seconds", 1, 3600);
        ossEndpoint = endpoint("oss-endpoint", v.one("oss-endpoint"), "oss-cn-hangzhou-internal.aliyuncs.com");
        ossRegion = v.one("oss-region");
        if (ossRegion != null && !REGION.matcher(ossRegion).matches()) {
            throw new ConfigException("oss-region", "must be a region id such as cn-hangzhou, got \""
                    + printable(ossRegion) + "\"");
        }
        multipartThreshold = v.size("multipart-threshold", 100L << 10, 5L << 30);
        cdnEndpoint = endpoint("cdn-endpoint", v.one("cdn-endpoint"), "cdn.aliyuncs.com");
        warmup = v.bool("warmup");
        topUrls = v.bool("top-urls");
        cdnLogsHours = (int) v.number("cdn-logs-hours", 0, 24 * 31);
        cdnSeedsMax = (int) v.number("cdn-seeds-max", 1, 1_000_000);
        List<String> gp = new ArrayList<>();
        for (String p : v.list("guard-path")) {
            gp.add(sitePath("guard-path", p));
        }
        guardPaths = Collections.unmodifiableList(gp);
        Set<Integer> gs = new LinkedHashSet<>();
        for (String part : v.one("guard-status").split(",")) {
            try {
                int code = Integer.parseInt(part.trim());
                if (code < 100 || code > 599) {
                    throw new NumberFormatException();
                }
                gs.add(code);
            } catch (NumberFormatException e) {
                throw new ConfigException("guard-status", "must be a comma-separated list of HTTP status codes such "
                        + "as 200,301, got \"" + v.one("guard-status") + "\"");
            }
        }
        guardStatuses = Collections.unmodifiableSet(gs);
        guardBody = v.one("guard-body");
        if (guardBody != null && guardBody.isEmpty()) {
            throw new ConfigException("guard-body", "must not be empty (every answer contains the empty text); "
                    + "leave it out to accept any body");
        }
        guardFailures = (int) v.number("guard-failures", 1, 1000);
        guardSuccesses = (int) v.number("guard-successes", 1, 1000);
        guardMaxBackupAgeHours = (int) v.number("guard-max-backup-age", 1, 24 * 365);
    }

    /**
     * Parses raw values keyed by canonical option name (see {@link TaskOptions#ALL}); options not given take
     * their defaults. Throws {@link ConfigException} naming the first bad option.
     */
    public static TaskConfig parse(Map<String, List<String>> raw) {
        return new TaskConfig(new Values(raw));
    }

    /** Reads options from environment-style variables ({@code ORIGIN}, {@code MAX_DEPTH}, ...). */
    public static Map<String, List<String>> fromEnvironment(Map<String, String> env) {
        Map<String, List<String>> raw = new LinkedHashMap<>();
        for (OptionDef d : TaskOptions.ALL) {
            String value = env.get(d.envName());
            if (value == null || value.trim().isEmpty()) {
                continue;
            }
            List<String> values = new ArrayList<>();
            if (d.repeatable()) {
                for (String part : value.split(d.name().equals("header") ? "\n" : "[,\n]")) {
                    if (!part.trim().isEmpty()) {
                        values.add(part.trim());
                    }
                }
            } else {
                values.add(value.trim());
            }
            raw.put(d.name(), values);
        }
        return raw;
    }

    private static String redactHeader(String h) {
        int colon = h.indexOf(':');
        return colon < 0 ? (h.length() > 40 ? h.substring(0, 40) + "…" : h) : h.substring(0, colon) + ": ***";
    }

    private static List<String> globs(String option, List<String> values) {
        for (String g : values) {
            if (!g.startsWith("/")) {
                throw new ConfigException(option, "must be a path glob starting with '/', got \"" + g + "\"");
            }
            if (hasControl(g)) {
                throw new ConfigException(option, "must not contain control characters, got \"" + printable(g) + "\"");
            }
        }
        return new ArrayList<>(values);
    }

    static URI parseOrigin(String raw) {
        if (raw == null || raw.trim().isEmpty()) {
            throw new ConfigException("origin", "is required: the primary origin's URL, e.g. http://203.0.113.10:8080/");
        }
        String s = raw.trim();
        if (!s.contains("://")) {
            s = "http://" + s;
        }
        URI u;
        try {
            u = new URI(s);
        } catch (URISyntaxException e) {
            throw new ConfigException("origin", "must be an http(s) URL, got \"" + raw + "\"");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ConfigException("origin", "must be an http(s) URL, got \"" + raw + "\"");
        }
        if (u.getHost() == null || u.getUserInfo() != null) {
            throw new ConfigException("origin", "must be an http(s) URL with a host and no user:password, got \""
                    + (u.getUserInfo() != null ? "(credentials hidden)" : raw) + "\"");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new ConfigException("origin", "must not carry a query or fragment, got \"" + raw + "\"");
        }
        if (u.getPort() == 0 || u.getPort() > 65535) {
            throw new ConfigException("origin", "has port " + u.getPort() + "; a port is from 1 to 65535, got \""
                    + raw + "\"");
        }
        String metadata = MetadataAddresses.refusal(u.getHost());
        if (metadata != null) {
            throw new ConfigException("origin", "must not be " + metadata + ": a backup of it could copy instance "
                    + "credentials into the bucket; got \"" + u.getHost() + "\"");
        }
        if (u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/")) {
            throw new ConfigException("origin", "must be the site's root (the CDN maps paths 1:1 to the origin); "
                    + "use --entry for a start path, got \"" + raw + "\"");
        }
        try {
            return new URI(scheme, null, u.getHost(), u.getPort(), "/", null, null);
        } catch (URISyntaxException e) {
            throw new ConfigException("origin", "must be an http(s) URL, got \"" + raw + "\"");
        }
    }

    /**
     * A path of the site as a start or probe URL: absolute, without {@code ..} or {@code .} segments (the CDN
     * and the key mapping would resolve them to another path than the one asked for) and without control
     * characters (they would end up in the request line).
     */
    private static String sitePath(String option, String raw) {
        if (!raw.startsWith("/")) {
            throw new ConfigException(option, "must be a path starting with '/', got \"" + printable(raw) + "\"");
        }
        if (hasControl(raw)) {
            throw new ConfigException(option, "must not contain control characters, got \"" + printable(raw) + "\"");
        }
        String path = raw;
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        for (String seg : path.split("/", -1)) {
            String s = seg.toLowerCase(Locale.ROOT).replace("%2e", ".");
            if (s.equals("..") || s.equals(".")) {
                throw new ConfigException(option, "must not contain '.' or '..' segments (write the path they lead "
                        + "to), got \"" + raw + "\"");
            }
        }
        return raw;
    }

    /**
     * An API endpoint override: a host, host:port or http(s)://host[:port], nothing else. The store and the
     * CDN client look at it more closely; this only makes a malformed one an error before any work starts.
     */
    private static String endpoint(String option, String raw, String example) {
        if (raw == null) {
            return null;
        }
        String s = raw.trim();
        String problem = "must be a host, host:port or http(s)://host[:port] such as " + example + ", got \""
                + printable(raw) + "\"";
        String lower = s.toLowerCase(Locale.ROOT);
        boolean hasScheme = lower.startsWith("http://") || lower.startsWith("https://");
        if (s.isEmpty() || hasControl(s) || (!hasScheme && s.contains("://"))) {
            throw new ConfigException(option, problem);
        }
        URI u;
        try {
            u = new URI(hasScheme ? s : "https://" + s);
        } catch (URISyntaxException e) {
            throw new ConfigException(option, problem);
        }
        if (u.getHost() == null || u.getUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null
                || (u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/"))
                || u.getPort() == 0 || u.getPort() > 65535) {
            throw new ConfigException(option, problem);
        }
        return s;
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** The value as it may be shown in a message: control characters escaped. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 200; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** A host name as the CDN knows a domain ({@code www.example.com}); other front ends check theirs with it. */
    public static String hostName(String option, String raw) {
        if (raw == null) {
            throw new ConfigException(option, "is required: a host name such as www.example.com");
        }
        return parseHost(option, raw);
    }

    private static String parseHost(String option, String raw) {
        String h = raw.trim().toLowerCase(Locale.ROOT);
        if (!HOST.matcher(h).matches() || h.length() > 253) {
            throw new ConfigException(option, "must be a host name such as www.example.com, got \"" + raw + "\"");
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    public URI origin() {
        return origin;
    }

    /** Origin port, with the scheme's default filled in. */
    public int originPort() {
        return origin.getPort() > 0 ? origin.getPort() : (origin.getScheme().equals("https") ? 443 : 80);
    }

    public String domain() {
        return domain;
    }

    public String target() {
        return target;
    }

    public String taskName() {
        return taskName;
    }

    public List<String> entries() {
        return entries;
    }

    public Set<String> extraHosts() {
        return extraHosts;
    }

    public Set<ResourceType> resourceTypes() {
        return resourceTypes;
    }

    public List<String> includes() {
        return includes;
    }

    public List<String> excludes() {
        return excludes;
    }

    public int maxDepth() {
        return maxDepth;
    }

    public long maxObjects() {
        return maxObjects;
    }

    public long maxObjectSize() {
        return maxObjectSize;
    }

    public int concurrency() {
        return concurrency;
    }

    public int timeoutSeconds() {
        return timeoutSeconds;
    }

    public int retries() {
        return retries;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public String userAgent() {
        return userAgent;
    }

    public boolean insecureTls() {
        return insecureTls;
    }

    public long maxSeconds() {
        return maxSeconds;
    }

    public int pruneAfter() {
        return pruneAfter;
    }

    public boolean useSitemaps() {
        return useSitemaps;
    }

    public boolean acceptChanges() {
        return acceptChanges;
    }

    public int keepPasses() {
        return keepPasses;
    }

    public int gateMinObjects() {
        return gateMinObjects;
    }

    /** The gate's share threshold as a fraction (0.5 for 50 %). */
    public double gateShare() {
        return gateSharePercent / 100.0;
    }

    public boolean full() {
        return full;
    }

    /** The shortest time between two revalidations of a URL, in seconds. */
    public long minRevisitSeconds() {
        return minRevisitSeconds;
    }

    /** The longest time a URL goes without revalidation, in seconds; 0 = every URL every pass. */
    public long maxRevisitSeconds() {
        return maxRevisitSeconds;
    }

    /** Whether scripts, JSON and template markup are read for files to fetch speculatively. */
    public boolean scriptLinks() {
        return scriptLinks;
    }

    public int scriptLinksPerDocument() {
        return scriptLinksPerDocument;
    }

    public int scriptLinksPerPass() {
        return scriptLinksPerPass;
    }

    /** Days before a remembered speculative miss is asked again; 0 = every pass. */
    public int scriptLinksRecheckDays() {
        return scriptLinksRecheckDays;
    }

    public long leaseSeconds() {
        return leaseSeconds;
    }

    public long checkpointSeconds() {
        return checkpointSeconds;
    }

    public String ossEndpoint() {
        return ossEndpoint;
    }

    public String ossRegion() {
        return ossRegion;
    }

    public long multipartThreshold() {
        return multipartThreshold;
    }

    /** The {@code --cdn-endpoint} override, or null for the default. */
    public String cdnEndpoint() {
        return cdnEndpoint;
    }

    public boolean warmup() {
        return warmup;
    }

    public boolean topUrls() {
        return topUrls;
    }

    /** Hours of offline access logs to read for seeds; 0 = off. */
    public int cdnLogsHours() {
        return cdnLogsHours;
    }

    public int cdnSeedsMax() {
        return cdnSeedsMax;
    }

    public List<String> guardPaths() {
        return guardPaths;
    }

    public Set<Integer> guardStatuses() {
        return guardStatuses;
    }

    /** Text a healthy probe answer must contain, or null. */
    public String guardBody() {
        return guardBody;
    }

    public int guardFailures() {
        return guardFailures;
    }

    public int guardSuccesses() {
        return guardSuccesses;
    }

    public int guardMaxBackupAgeHours() {
        return guardMaxBackupAgeHours;
    }

    /** Raw values with defaults applied and validation of names; package-private helper. */
    private static final class Values {
        private final Map<String, List<String>> raw = new LinkedHashMap<>();

        Values(Map<String, List<String>> given) {
            for (Map.Entry<String, List<String>> e : given.entrySet()) {
                OptionDef d = TaskOptions.find(e.getKey());
                if (d == null) {
                    throw new ConfigException(null, "unknown option \"" + e.getKey() + "\"; known options: "
                            + TaskOptions.knownNames(OptionNaming.FLAG));
                }
                if (!d.repeatable() && e.getValue().size() > 1) {
                    throw new ConfigException(d.name(), "may be given only once");
                }
                raw.put(d.name(), e.getValue());
            }
        }

        private OptionDef def(String name) {
            OptionDef d = TaskOptions.find(name);
            if (d == null) {
                throw new IllegalStateException("option not in TaskOptions: " + name);
            }
            return d;
        }

        String one(String name) {
            List<String> v = raw.get(name);
            if (v == null || v.isEmpty()) {
                return def(name).defaultValue();
            }
            return v.get(0);
        }

        List<String> list(String name) {
            List<String> v = raw.get(name);
            if (v == null || v.isEmpty()) {
                String d = def(name).defaultValue();
                return d == null ? Collections.<String>emptyList() : Collections.singletonList(d);
            }
            return v;
        }

        boolean bool(String name) {
            String v = one(name);
            String s = v == null ? "false" : v.trim().toLowerCase(Locale.ROOT);
            if (s.equals("true") || s.equals("1") || s.equals("yes") || s.equals("on")) {
                return true;
            }
            if (s.equals("false") || s.equals("0") || s.equals("no") || s.equals("off") || s.isEmpty()) {
                return false;
            }
            throw new ConfigException(name, "must be true or false, got \"" + v + "\"");
        }

        long number(String name, long min, long max) {
            String v = one(name);
            long n;
            try {
                n = Long.parseLong(v.trim());
            } catch (NumberFormatException | NullPointerException e) {
                throw new ConfigException(name, "must be a whole number from " + min + " to " + max + ", got \"" + v + "\"");
            }
            if (n < min || n > max) {
                throw new ConfigException(name, "must be a whole number from " + min + " to " + max + ", got " + n);
            }
            return n;
        }

        /** A duration in seconds, between {@code min} and {@code max} seconds. */
        long duration(String name, long min, long max) {
            String v = one(name);
            long n;
            try {
                n = Durations.parseSeconds(v);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, "must be a duration such as 30m, 6h or 2d (units s, m, h, d), got \""
                        + v + "\"");
            }
            if (n < min || n > max) {
                throw new ConfigException(name, "must be from " + Durations.format(min) + " to " + Durations.format(max)
                        + ", got " + v);
            }
            return n;
        }

        long size(String name, long min, long max) {
            String v = one(name);
            long n;
            try {
                n = Sizes.parse(v);
            } catch (ArithmeticException e) {
                throw new ConfigException(name, "must be between " + Sizes.format(min) + " and " + Sizes.format(max)
                        + ", got " + v);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, "must be a size such as 512KiB, 32MiB or 1GiB, got \"" + v + "\"");
            }
            if (n < min || n > max) {
                throw new ConfigException(name, "must be between " + Sizes.format(min) + " and " + Sizes.format(max)
                        + ", got " + v);
            }
            return n;
        }
    }
}
