package dev.secondaryorigin.cdn;

import com.aliyuncs.cdn.model.v20180510.BatchSetCdnDomainConfigRequest;
import com.aliyuncs.cdn.model.v20180510.DescribeCdnDomainConfigsRequest;
import com.aliyuncs.cdn.model.v20180510.DescribeCdnDomainConfigsResponse;
import com.aliyuncs.cdn.model.v20180510.DescribeCdnDomainDetailRequest;
import com.aliyuncs.cdn.model.v20180510.DescribeCdnDomainDetailResponse;
import com.aliyuncs.cdn.model.v20180510.ModifyCdnDomainRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * Registers the backup bucket as a CDN domain's secondary origin, the console feature's last step:
 * reads the domain's origins, adds the bucket's public endpoint as an OSS origin with priority
 * {@value OriginSource#SECONDARY}, keeps every other origin exactly as it was, and writes the list back.
 * Idempotent; a dry run only reads. {@link #detach} takes the bucket out again.
 */
public final class OriginAttacher {
    public static final String PRIVATE_BUCKET_FUNCTION = "l2_oss_key";
    static final String PRIVATE_BUCKET_FUNCTIONS = "[{\"functionArgs\":[{\"argName\":\"private_oss_auth\","
            + "\"argValue\":\"on\"}],\"functionName\":\"l2_oss_key\"}]";

    private final CdnApi api;

    public OriginAttacher(CdnApi api) {
        this.api = api;
    }

    /** What to attach: the bucket endpoint, the port the CDN uses towards it, weight, options. */
    public static final class Request {
        final String domain;
        final OssOriginEndpoint target;
        int port = 443;
        int weight = 10;
        boolean dryRun;
        boolean privateBucket;

        public Request(String domain, OssOriginEndpoint target) {
            if (domain == null || domain.trim().isEmpty()) {
                throw new IllegalArgumentException("--domain is required: the CDN domain, e.g. www.example.com");
            }
            this.domain = domain.trim().toLowerCase(java.util.Locale.ROOT);
            this.target = target;
        }

        public Request port(int p) {
            if (p != 80 && p != 443) {
                throw new IllegalArgumentException("--port must be 443 (HTTPS to the bucket) or 80, got " + p);
            }
            port = p;
            return this;
        }

        public Request weight(int w) {
            if (w < 1 || w > 100) {
                throw new IllegalArgumentException("--weight must be from 1 to 100, got " + w);
            }
            weight = w;
            return this;
        }

        public Request dryRun(boolean d) {
            dryRun = d;
            return this;
        }

        public Request privateBucket(boolean p) {
            privateBucket = p;
            return this;
        }
    }

    /** Adds the bucket as secondary origin (and, if asked, turns on private-bucket back-to-origin). */
    public Outcome attach(Request r, Consumer<String> out) {
        Outcome o = new Outcome(r.dryRun);
        out.accept((r.dryRun ? "Dry run: no changes will be made. " : "") + "CDN endpoint " + api.endpoint() + ", "
                + api.credentials() + ".");
        List<OriginSource> before = origins(r.domain);
        o.before = before;
        String host = r.target.host();
        List<OriginSource> same = new ArrayList<>();
        for (OriginSource s : before) {
            if (s.isHost(host)) {
                same.add(s);
            }
        }
        if (!same.isEmpty() && same.size() == before.size()) {
            throw new CdnRefusal("the only origin of " + r.domain + " is already " + host + ": a secondary origin backs "
                    + "up a different primary origin; add the primary origin first (CDN console, Origin Information)");
        }
        if (!same.isEmpty()) {
            OriginSource s = same.get(0);
            o.after = before;
            o.step(out, s.primary()
                    ? host + " is already an origin of " + r.domain + " with priority " + s.priority()
                    + " (primary, e.g. after a guard fail-over); left as it is"
                    : host + " is already the secondary origin of " + r.domain + " (priority " + s.priority() + ", port "
                    + s.port() + ", weight " + s.weight() + "); nothing changed");
        } else {
            List<OriginSource> after = new ArrayList<>(before);
            after.add(new OriginSource(host, "oss", OriginSource.SECONDARY, r.port, String.valueOf(r.weight)));
            o.after = after;
            List<String> marks = new ArrayList<>(Collections.nCopies(before.size(), " "));
            marks.add("+");
            out.accept("origins of " + r.domain + " before:\n" + OriginSource.table(before, null)
                    + "after:\n" + OriginSource.table(after, marks));
            String sources = OriginSource.sourcesJson(after);
            if (r.dryRun) {
                o.plan(out, "ModifyCdnDomain DomainName=" + r.domain + " Sources=" + sources);
            } else {
                ModifyCdnDomainRequest m = new ModifyCdnDomainRequest();
                m.setDomainName(r.domain);
                m.setSources(sources);
                api.call(m, "ModifyCdnDomain");
                o.changed = true;
                o.step(out, "added " + host + " to " + r.domain + " as secondary origin (priority 30, port " + r.port
                        + ", weight " + r.weight + ")");
            }
        }
        if (r.privateBucket) {
            privateBucket(r, o, out);
        } else if (!r.dryRun && o.changed) {
            o.step(out, "note: the bucket must allow anonymous reads of the site's keys (public-read), or use "
                    + "--private-bucket; state under .secondary-origin/ stays private either way");
        }
        out.accept(r.dryRun ? "Dry run done: " + o.planned.size() + " call(s) would change the domain."
                : o.changed ? "Done." : "Nothing needed changing.");
        return o;
    }

    /** Takes the bucket out of the domain's origins, keeping the others as they are. */
    public Outcome detach(String domain, OssOriginEndpoint target, boolean dryRun, Consumer<String> out) {
        Outcome o = new Outcome(dryRun);
        String d = domain.trim().toLowerCase(java.util.Locale.ROOT);
        List<OriginSource> before = origins(d);
        o.before = before;
        List<OriginSource> after = new ArrayList<>();
        List<String> marks = new ArrayList<>();
        for (OriginSource s : before) {
            if (s.isHost(target.host())) {
                marks.add("-");
            } else {
                after.add(s);
                marks.add(" ");
            }
        }
        o.after = after;
        if (after.size() == before.size()) {
            o.step(out, target.host() + " is not an origin of " + d + "; nothing changed");
            return o;
        }
        if (after.isEmpty()) {
            throw new CdnRefusal("the bucket " + target.host() + " is the only origin of " + d
                    + "; removing it would leave the domain without an origin");
        }
        boolean anyPrimary = false;
        for (OriginSource s : after) {
            anyPrimary |= s.primary();
        }
        if (!anyPrimary) {
            throw new CdnRefusal("the bucket " + target.host() + " is currently the primary origin of " + d
                    + " (the guard failed over to it); let the guard switch back, or restore the primary's priority "
                    + "20, before detaching");
        }
        out.accept("origins of " + d + " before:\n" + OriginSource.table(before, marks) + "after:\n"
                + OriginSource.table(after, null));
        String sources = OriginSource.sourcesJson(after);
        if (dryRun) {
            o.plan(out, "ModifyCdnDomain DomainName=" + d + " Sources=" + sources);
        } else {
            ModifyCdnDomainRequest m = new ModifyCdnDomainRequest();
            m.setDomainName(d);
            m.setSources(sources);
            api.call(m, "ModifyCdnDomain");
            o.changed = true;
            o.step(out, "removed " + target.host() + " from the origins of " + d);
        }
        return o;
    }

    /** The domain's origins; a domain the account does not have is refused with the reason. */
    public List<OriginSource> origins(String domain) {
        DescribeCdnDomainDetailRequest q = new DescribeCdnDomainDetailRequest();
        q.setDomainName(domain);
        DescribeCdnDomainDetailResponse r;
        try {
            r = api.call(q, "DescribeCdnDomainDetail");
        } catch (OpenApiFailure f) {
            if (f.code().startsWith("InvalidDomain.NotFound") || f.code().equals("InvalidDomain.Offline")
                    || f.code().equals("InvalidDomainName.Malformed")) {
                throw new CdnRefusal("domain " + domain + " is not a CDN domain of this account (" + f.code()
                        + "): check --domain, and that " + api.credentials() + " belongs to the account that owns it",
                        f);
            }
            throw f;
        }
        List<OriginSource> out = new ArrayList<>();
        if (r.getGetDomainDetailModel() != null && r.getGetDomainDetailModel().getSourceModels() != null) {
            for (DescribeCdnDomainDetailResponse.GetDomainDetailModel.SourceModel m
                    : r.getGetDomainDetailModel().getSourceModels()) {
                out.add(OriginSource.of(m));
            }
        }
        return out;
    }

    private void privateBucket(Request r, Outcome o, Consumer<String> out) {
        if (privateBucketOn(r.domain)) {
            o.step(out, "private-bucket back-to-origin (" + PRIVATE_BUCKET_FUNCTION + ") is already on for "
                    + r.domain);
            return;
        }
        if (r.dryRun) {
            o.plan(out, "BatchSetCdnDomainConfig DomainNames=" + r.domain + " Functions=" + PRIVATE_BUCKET_FUNCTIONS);
            return;
        }
        BatchSetCdnDomainConfigRequest b = new BatchSetCdnDomainConfigRequest();
        b.setDomainNames(r.domain);
        b.setFunctions(PRIVATE_BUCKET_FUNCTIONS);
        api.call(b, "BatchSetCdnDomainConfig");
        o.changed = true;
        o.step(out, "turned on private-bucket back-to-origin (" + PRIVATE_BUCKET_FUNCTION + ") for " + r.domain
                + ": CDN nodes read the bucket with the account's authorisation, so it need not be public-read");
    }

    private boolean privateBucketOn(String domain) {
        DescribeCdnDomainConfigsRequest q = new DescribeCdnDomainConfigsRequest();
        q.setDomainName(domain);
        q.setFunctionNames(PRIVATE_BUCKET_FUNCTION);
        DescribeCdnDomainConfigsResponse r = api.call(q, "DescribeCdnDomainConfigs");
        if (r.getDomainConfigs() == null) {
            return false;
        }
        for (DescribeCdnDomainConfigsResponse.DomainConfig c : r.getDomainConfigs()) {
            if (!PRIVATE_BUCKET_FUNCTION.equals(c.getFunctionName()) || c.getFunctionArgs() == null) {
                continue;
            }
            for (DescribeCdnDomainConfigsResponse.DomainConfig.FunctionArg a : c.getFunctionArgs()) {
                if ("private_oss_auth".equals(a.getArgName()) && "on".equals(a.getArgValue())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** What an attach or detach found, did, or (dry run) would do. */
    public static final class Outcome {
        private final boolean dryRun;
        private final List<String> steps = new ArrayList<>();
        private final List<String> planned = new ArrayList<>();
        private List<OriginSource> before = Collections.emptyList();
        private List<OriginSource> after = Collections.emptyList();
        private boolean changed;

        private Outcome(boolean dryRun) {
            this.dryRun = dryRun;
        }

        private void step(Consumer<String> out, String s) {
            steps.add(s);
            out.accept(s);
        }

        private void plan(Consumer<String> out, String call) {
            planned.add(call);
            out.accept("would call " + call);
        }

        public boolean dryRun() {
            return dryRun;
        }

        public boolean changed() {
            return changed;
        }

        public List<OriginSource> before() {
            return Collections.unmodifiableList(before);
        }

        /** The origins after the change (or as a dry run would leave them). */
        public List<OriginSource> after() {
            return Collections.unmodifiableList(after);
        }

        public List<String> steps() {
            return Collections.unmodifiableList(steps);
        }

        public List<String> planned() {
            return Collections.unmodifiableList(planned);
        }
    }
}
