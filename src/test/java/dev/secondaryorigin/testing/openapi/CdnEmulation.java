package dev.secondaryorigin.testing.openapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CDN actions this product uses, answered from an in-memory account, with the response shapes of
 * the real service (lists wrapped as {@code {"SourceModels":{"SourceModel":[...]}}}):
 * DescribeCdnDomainDetail, ModifyCdnDomain, DescribeCdnDomainConfigs, BatchSetCdnDomainConfig,
 * PushObjectCache (at most 100 URLs a call, counted against the daily preload quota), DescribeRefreshQuota,
 * DescribeDomainTopUrlVisit, DescribeCdnDomainLogs. A domain the account does not have answers
 * {@code InvalidDomain.NotFound} (404).
 */
public final class CdnEmulation {
    public static final int PUSH_URLS_PER_CALL = 100;

    private final Map<String, List<JsonObject>> domains = new LinkedHashMap<>();
    private final Map<String, Map<String, Map<String, String>>> configs = new LinkedHashMap<>();
    private final Map<String, List<String>> topUrls = new LinkedHashMap<>();
    private final Map<String, List<JsonObject>> logs = new LinkedHashMap<>();
    private final List<String> pushed = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong ids = new AtomicLong(1000);
    private volatile int preloadQuota = 1000;
    private volatile int preloadRemain = 1000;

    private CdnEmulation() {
    }

    /** Installs the CDN actions on an emulator and returns the account behind them. */
    public static CdnEmulation install(OpenApiEmulator emulator) {
        CdnEmulation cdn = new CdnEmulation();
        emulator.handle("DescribeCdnDomainDetail", cdn::describeDomain)
                .handle("ModifyCdnDomain", cdn::modifyDomain)
                .handle("DescribeCdnDomainConfigs", cdn::describeConfigs)
                .handle("BatchSetCdnDomainConfig", cdn::batchSetConfig)
                .handle("PushObjectCache", cdn::push)
                .handle("DescribeRefreshQuota", cdn::quota)
                .handle("DescribeDomainTopUrlVisit", cdn::topUrls)
                .handle("DescribeCdnDomainLogs", cdn::logs);
        return cdn;
    }

    /** Adds a domain with origins given as {@code Sources}-style JSON objects (lower-case keys). */
    public synchronized CdnEmulation addDomain(String domain, String sourcesJson) {
        List<JsonObject> list = new ArrayList<>();
        for (JsonElement e : JsonParser.parseString(sourcesJson).getAsJsonArray()) {
            list.add(e.getAsJsonObject());
        }
        domains.put(domain, list);
        return this;
    }

    /** The domain's origins as a {@code Sources} JSON string, as the last ModifyCdnDomain left them. */
    public synchronized String sources(String domain) {
        JsonArray a = new JsonArray();
        for (JsonObject o : domains.get(domain)) {
            a.add(o);
        }
        return a.toString();
    }

    /** A domain config's arguments, e.g. {@code config("d", "l2_oss_key")}, or null. */
    public synchronized Map<String, String> config(String domain, String function) {
        Map<String, Map<String, String>> c = configs.get(domain);
        return c == null ? null : c.get(function);
    }

    public CdnEmulation preloadQuota(int quota, int remain) {
        preloadQuota = quota;
        preloadRemain = remain;
        return this;
    }

    public int preloadRemain() {
        return preloadRemain;
    }

    /** Every URL pushed so far, in order. */
    public List<String> pushed() {
        return new ArrayList<>(pushed);
    }

    public synchronized CdnEmulation topUrls(String domain, String... urls) {
        topUrls.put(domain, new ArrayList<>(Arrays.asList(urls)));
        return this;
    }

    /** Lists a log file for a domain: {@code path} is what the API returns (no scheme). */
    public synchronized CdnEmulation log(String domain, String name, String path, long size, String start, String end) {
        JsonObject o = new JsonObject();
        o.addProperty("LogName", name);
        o.addProperty("LogPath", path);
        o.addProperty("LogSize", size);
        o.addProperty("StartTime", start);
        o.addProperty("EndTime", end);
        logs.computeIfAbsent(domain, k -> new ArrayList<>()).add(o);
        return this;
    }

    private synchronized List<JsonObject> domain(RecordedCall call, String param) {
        String d = call.param(param);
        if (d == null || d.isEmpty()) {
            throw OpenApiError.badRequest("MissingParameter", "The input parameter \"" + param
                    + "\" that is mandatory for processing this request is not supplied.");
        }
        List<JsonObject> s = domains.get(d);
        if (s == null) {
            throw OpenApiError.notFound("InvalidDomain.NotFound", "The domain provided does not belong to you.");
        }
        return s;
    }

    private synchronized JsonObject describeDomain(RecordedCall call) {
        List<JsonObject> sources = domain(call, "DomainName");
        JsonArray models = new JsonArray();
        for (JsonObject s : sources) {
            JsonObject m = new JsonObject();
            m.addProperty("Content", s.get("content").getAsString());
            m.addProperty("Type", s.has("type") ? s.get("type").getAsString() : "ipaddr");
            m.addProperty("Port", s.has("port") ? s.get("port").getAsInt() : 80);
            m.addProperty("Enabled", "online");
            m.addProperty("Priority", s.has("priority") ? s.get("priority").getAsString() : "20");
            m.addProperty("Weight", s.has("weight") ? s.get("weight").getAsString() : "10");
            models.add(m);
        }
        JsonObject wrap = new JsonObject();
        wrap.add("SourceModel", models);
        JsonObject detail = new JsonObject();
        detail.addProperty("DomainName", call.param("DomainName"));
        detail.addProperty("Cname", call.param("DomainName") + ".w.kunlunsl.com");
        detail.addProperty("DomainStatus", "online");
        detail.addProperty("CdnType", "web");
        detail.addProperty("Scope", "domestic");
        detail.addProperty("GmtCreated", "2024-01-02T03:04:05Z");
        detail.add("SourceModels", wrap);
        JsonObject out = new JsonObject();
        out.add("GetDomainDetailModel", detail);
        return out;
    }

    private synchronized JsonObject modifyDomain(RecordedCall call) {
        domain(call, "DomainName");
        String raw = call.param("Sources");
        List<JsonObject> list = new ArrayList<>();
        try {
            for (JsonElement e : JsonParser.parseString(raw).getAsJsonArray()) {
                JsonObject o = e.getAsJsonObject();
                if (!o.has("content") || !o.has("type")) {
                    throw OpenApiError.badRequest("MissingSource.Content", "The Source Content must be specified.");
                }
                String p = o.has("priority") ? o.get("priority").getAsString() : "20";
                if (!p.equals("20") && !p.equals("30")) {
                    throw OpenApiError.badRequest("InvalidSource.Priority", "The specified priority is invalid.");
                }
                list.add(o);
            }
        } catch (RuntimeException e) {
            if (e instanceof OpenApiError) {
                throw e;
            }
            throw OpenApiError.badRequest("InvalidSources.Malformed", "The specified Sources is invalid.");
        }
        domains.put(call.param("DomainName"), list);
        return new JsonObject();
    }

    private synchronized JsonObject describeConfigs(RecordedCall call) {
        domain(call, "DomainName");
        Map<String, Map<String, String>> c = configs.getOrDefault(call.param("DomainName"), Collections.emptyMap());
        String wanted = call.param("FunctionNames");
        JsonArray list = new JsonArray();
        for (Map.Entry<String, Map<String, String>> e : c.entrySet()) {
            if (wanted != null && !Arrays.asList(wanted.split(",")).contains(e.getKey())) {
                continue;
            }
            JsonArray args = new JsonArray();
            for (Map.Entry<String, String> a : e.getValue().entrySet()) {
                JsonObject arg = new JsonObject();
                arg.addProperty("ArgName", a.getKey());
                arg.addProperty("ArgValue", a.getValue());
                args.add(arg);
            }
            JsonObject fa = new JsonObject();
            fa.add("FunctionArg", args);
            JsonObject dc = new JsonObject();
            dc.addProperty("FunctionName", e.getKey());
            dc.addProperty("ConfigId", "5003576");
            dc.addProperty("Status", "success");
            dc.add("FunctionArgs", fa);
            list.add(dc);
        }
        JsonObject wrap = new JsonObject();
        wrap.add("DomainConfig", list);
        JsonObject out = new JsonObject();
        out.add("DomainConfigs", wrap);
        return out;
    }

    private synchronized JsonObject batchSetConfig(RecordedCall call) {
        String names = call.param("DomainNames");
        JsonArray list = new JsonArray();
        for (String d : names.split(",")) {
            if (!domains.containsKey(d)) {
                throw OpenApiError.notFound("InvalidDomain.NotFound", "The domain provided does not belong to you.");
            }
            for (JsonElement f : JsonParser.parseString(call.param("Functions")).getAsJsonArray()) {
                JsonObject fo = f.getAsJsonObject();
                Map<String, String> args = new LinkedHashMap<>();
                for (JsonElement a : fo.getAsJsonArray("functionArgs")) {
                    args.put(a.getAsJsonObject().get("argName").getAsString(),
                            a.getAsJsonObject().get("argValue").getAsString());
                }
                String fn = fo.get("functionName").getAsString();
                configs.computeIfAbsent(d, k -> new LinkedHashMap<>()).put(fn, args);
                JsonObject m = new JsonObject();
                m.addProperty("DomainName", d);
                m.addProperty("FunctionName", fn);
                m.addProperty("ConfigId", ids.incrementAndGet());
                list.add(m);
            }
        }
        JsonObject wrap = new JsonObject();
        wrap.add("DomainConfigModel", list);
        JsonObject out = new JsonObject();
        out.add("DomainConfigList", wrap);
        return out;
    }

    private synchronized JsonObject push(RecordedCall call) {
        String paths = call.param("ObjectPath");
        if (paths == null || paths.trim().isEmpty()) {
            throw OpenApiError.badRequest("MissingObjectPath", "ObjectPath is mandatory for this action.");
        }
        List<String> urls = new ArrayList<>();
        for (String p : paths.split("\r?\n")) {
            if (!p.trim().isEmpty()) {
                urls.add(p.trim());
            }
        }
        if (urls.size() > PUSH_URLS_PER_CALL) {
            throw OpenApiError.badRequest("InvalidObjectPath.ExceedsLimit",
                    "At most " + PUSH_URLS_PER_CALL + " URLs may be submitted in one call.");
        }
        if (urls.size() > preloadRemain) {
            throw OpenApiError.badRequest("QuotaExceeded.Preload", "Your preload quota for today has been used up.");
        }
        for (String u : urls) {
            String host = u.replaceFirst("^https?://", "").split("/")[0];
            if (!domains.containsKey(host)) {
                throw OpenApiError.badRequest("InvalidObjectPath.Malformed", "The domain of " + u
                        + " is not a CDN domain of this account.");
            }
        }
        preloadRemain -= urls.size();
        pushed.addAll(urls);
        JsonObject out = new JsonObject();
        out.addProperty("PushTaskId", String.valueOf(ids.incrementAndGet()));
        return out;
    }

    private JsonObject quota(RecordedCall call) {
        JsonObject out = new JsonObject();
        out.addProperty("UrlQuota", "10000");
        out.addProperty("UrlRemain", "10000");
        out.addProperty("DirQuota", "100");
        out.addProperty("DirRemain", "100");
        out.addProperty("PreloadQuota", String.valueOf(preloadQuota));
        out.addProperty("PreloadRemain", String.valueOf(preloadRemain));
        out.addProperty("BlockQuota", "100");
        out.addProperty("BlockRemain", "100");
        return out;
    }

    private synchronized JsonObject topUrls(RecordedCall call) {
        domain(call, "DomainName");
        JsonArray list = new JsonArray();
        int n = 0;
        for (String u : topUrls.getOrDefault(call.param("DomainName"), Collections.emptyList())) {
            JsonObject o = new JsonObject();
            o.addProperty("UrlDetail", u);
            o.addProperty("VisitData", String.valueOf(1000 - n));
            o.addProperty("VisitProportion", 0.1);
            o.addProperty("Flow", String.valueOf(50000 - n));
            o.addProperty("FlowProportion", 0.1);
            list.add(o);
            n++;
        }
        JsonObject wrap = new JsonObject();
        wrap.add("UrlList", list);
        JsonObject out = new JsonObject();
        out.addProperty("DomainName", call.param("DomainName"));
        out.addProperty("StartTime", call.param("StartTime"));
        out.add("AllUrlList", wrap);
        out.add("Url200List", wrap.deepCopy());
        return out;
    }

    private synchronized JsonObject logs(RecordedCall call) {
        domain(call, "DomainName");
        List<JsonObject> all = logs.getOrDefault(call.param("DomainName"), Collections.emptyList());
        long pageSize = call.param("PageSize") == null ? 300 : Long.parseLong(call.param("PageSize"));
        long page = call.param("PageNumber") == null ? 1 : Long.parseLong(call.param("PageNumber"));
        JsonArray infos = new JsonArray();
        for (int i = (int) ((page - 1) * pageSize); i < all.size() && i < page * pageSize; i++) {
            infos.add(all.get(i));
        }
        JsonObject pageInfos = new JsonObject();
        pageInfos.addProperty("PageIndex", page);
        pageInfos.addProperty("PageSize", pageSize);
        pageInfos.addProperty("Total", all.size());
        JsonObject li = new JsonObject();
        li.add("LogInfoDetail", infos);
        JsonObject detail = new JsonObject();
        detail.addProperty("DomainName", call.param("DomainName"));
        detail.addProperty("LogCount", all.size());
        detail.add("PageInfos", pageInfos);
        detail.add("LogInfos", li);
        JsonArray details = new JsonArray();
        details.add(detail);
        JsonObject wrap = new JsonObject();
        wrap.add("DomainLogDetail", details);
        JsonObject out = new JsonObject();
        out.add("DomainLogDetails", wrap);
        return out;
    }
}
