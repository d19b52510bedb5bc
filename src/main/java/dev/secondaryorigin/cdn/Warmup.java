package dev.secondaryorigin.cdn;

import com.aliyuncs.cdn.model.v20180510.DescribeRefreshQuotaRequest;
import com.aliyuncs.cdn.model.v20180510.DescribeRefreshQuotaResponse;
import com.aliyuncs.cdn.model.v20180510.PushObjectCacheRequest;
import com.aliyuncs.cdn.model.v20180510.PushObjectCacheResponse;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Prefetches changed URLs into CDN nodes ({@code PushObjectCache}), so the first visitor after a change
 * (or after a fail-over to the bucket) is served from cache. Sends at most {@value #URLS_PER_CALL} URLs a
 * call, never more than the account's remaining daily preload quota ({@code DescribeRefreshQuota}), and
 * stops when the service says the quota is used up; what was not pushed is counted as skipped.
 */
public final class Warmup {
    public static final int URLS_PER_CALL = 100;

    private final CdnApi api;

    public Warmup(CdnApi api) {
        this.api = api;
    }

    /** Pushes {@code domain} + each path ({@code /a/b.html}); returns the counts as JSON. */
    public JsonObject push(String domain, List<String> paths) {
        LinkedHashSet<String> urls = new LinkedHashSet<>();
        for (String p : paths) {
            urls.add(domain + (p.startsWith("/") ? p : "/" + p));
        }
        JsonObject r = new JsonObject();
        r.addProperty("requested", urls.size());
        if (urls.isEmpty()) {
            r.addProperty("pushed", 0);
            r.addProperty("skipped", 0);
            return r;
        }
        DescribeRefreshQuotaResponse q = api.call(new DescribeRefreshQuotaRequest(), "DescribeRefreshQuota");
        long remain = parse(q.getPreloadRemain());
        r.addProperty("quotaRemainingBefore", remain);
        List<String> all = new ArrayList<>(urls);
        int allowed = (int) Math.min(all.size(), Math.max(0, remain));
        int pushed = 0;
        JsonArray tasks = new JsonArray();
        String stop = allowed < all.size() ? "daily preload quota (" + q.getPreloadQuota() + ") leaves " + remain : null;
        for (int i = 0; i < allowed; i += URLS_PER_CALL) {
            List<String> batch = all.subList(i, Math.min(allowed, i + URLS_PER_CALL));
            PushObjectCacheRequest p = new PushObjectCacheRequest();
            p.setObjectPath(String.join("\n", batch));
            try {
                PushObjectCacheResponse resp = api.call(p, "PushObjectCache");
                tasks.add(resp.getPushTaskId());
                pushed += batch.size();
            } catch (OpenApiFailure f) {
                if (f.code().startsWith("QuotaExceeded")) {
                    stop = "the service reports the daily preload quota used up (" + f.code() + ")";
                    break;
                }
                throw f;
            }
        }
        r.addProperty("pushed", pushed);
        r.addProperty("skipped", all.size() - pushed);
        r.add("pushTaskIds", tasks);
        if (stop != null) {
            r.addProperty("stoppedBecause", stop);
        }
        return r;
    }

    private static long parse(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
