package dev.secondaryorigin.cdn;

import com.google.gson.JsonObject;
import dev.secondaryorigin.task.TaskConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The CDN side of a sync task, for the front ends: URL seeds from CDN data before a pass, warm-up after
 * it. Each step runs only when its option is on, and makes no call otherwise.
 */
public final class TaskCdn {
    private final TaskConfig config;
    private final Map<String, String> env;
    private CdnApi api;

    public TaskCdn(TaskConfig config, Map<String, String> env) {
        this.config = config;
        this.env = env;
    }

    /** For tests and callers that already hold a client. */
    public TaskCdn(TaskConfig config, CdnApi api) {
        this.config = config;
        this.env = Collections.emptyMap();
        this.api = api;
    }

    public boolean wantsSeeds() {
        return config.topUrls() || config.cdnLogsHours() > 0;
    }

    public CdnApi api() {
        if (api == null) {
            api = CdnApi.fromEnvironment(env, config.cdnEndpoint());
        }
        return api;
    }

    /** Host names whose URLs may be seeds: the domain and the task's other host names. */
    public List<String> hosts() {
        List<String> h = new ArrayList<>();
        h.add(config.domain());
        h.addAll(config.extraHosts());
        return h;
    }

    /** A collector of URLs from CDN data for this task. */
    public CdnUrlSources sources() {
        return new CdnUrlSources(api(), new LogDownloader(api().endpoint(), config.timeoutSeconds()), hosts(),
                config.cdnSeedsMax());
    }

    /**
     * A collector for log files whose URL is already known (a {@code LogFileCreated} event's signed URL):
     * it needs no API credentials, only the endpoint override (whose host may also serve logs).
     */
    public CdnUrlSources logFileSources() {
        OpenApiEndpoint ep = OpenApiEndpoint.parse(config.cdnEndpoint(), CdnApi.DEFAULT_ENDPOINT, "--cdn-endpoint");
        return new CdnUrlSources(null, new LogDownloader(ep, config.timeoutSeconds()), hosts(), config.cdnSeedsMax());
    }

    /** Whether {@code domain} (from a CDN event) is this task's domain or one of its other host names. */
    public boolean ownsDomain(String domain) {
        return domain != null && hosts().contains(domain.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * Seeds for the pass from top URLs and offline logs (as the options ask); counts go to {@code report}.
     * A CDN failure is reported and costs only the seeds, never the pass.
     */
    public List<String> seeds(JsonObject report, Consumer<String> log) {
        if (!wantsSeeds()) {
            return Collections.emptyList();
        }
        CdnUrlSources s;
        try {
            s = sources();
            if (config.topUrls()) {
                s.topUrls(config.domain());
            }
            if (config.cdnLogsHours() > 0) {
                s.offlineLogs(config.domain(), config.cdnLogsHours(), log);
            }
        } catch (OpenApiFailure | IllegalArgumentException e) {
            log.accept("CDN URL sources skipped: " + e.getMessage());
            report.addProperty("error", e.getMessage());
            return Collections.emptyList();
        }
        for (java.util.Map.Entry<String, com.google.gson.JsonElement> e : s.toJson().entrySet()) {
            report.add(e.getKey(), e.getValue());
        }
        return s.urls();
    }

    /** Pushes the paths stored in this run into CDN nodes when {@code --warmup} is on; null when off. */
    public JsonObject warmup(List<String> storedPaths) {
        if (!config.warmup()) {
            return null;
        }
        try {
            return new Warmup(api()).push(config.domain(), storedPaths);
        } catch (OpenApiFailure | IllegalArgumentException e) {
            JsonObject o = new JsonObject();
            o.addProperty("requested", storedPaths.size());
            o.addProperty("pushed", 0);
            o.addProperty("skipped", storedPaths.size());
            o.addProperty("error", e.getMessage());
            return o;
        }
    }
}
