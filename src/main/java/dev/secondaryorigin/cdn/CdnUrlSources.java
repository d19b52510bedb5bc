package dev.secondaryorigin.cdn;

import com.aliyuncs.cdn.model.v20180510.DescribeCdnDomainLogsRequest;
import com.aliyuncs.cdn.model.v20180510.DescribeCdnDomainLogsResponse;
import com.aliyuncs.cdn.model.v20180510.DescribeDomainTopUrlVisitRequest;
import com.aliyuncs.cdn.model.v20180510.DescribeDomainTopUrlVisitResponse;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the CDN knows about a domain's traffic, as URLs to back up: the most visited URLs of the last day
 * ({@code DescribeDomainTopUrlVisit}) and every URL answered 200 in the offline access logs
 * ({@code DescribeCdnDomainLogs}, then each hourly {@code .gz}). Only URLs of the task's own host names
 * are kept (the sync's scope rules check them again); the rest are counted as refused.
 */
public final class CdnUrlSources {
    static final long LOG_PAGE_SIZE = 300;

    private final CdnApi api;
    private final LogDownloader downloader;
    private final Set<String> hosts = new LinkedHashSet<>();
    private final int max;
    private final LinkedHashSet<String> urls = new LinkedHashSet<>();
    private final AccessLogParser.Counts counts = new AccessLogParser.Counts();
    private long refused;
    private long logFiles;
    private long logFailures;
    private long topUrls;

    /** {@code hosts}: the domain and the task's other host names; {@code max}: most URLs collected. */
    public CdnUrlSources(CdnApi api, LogDownloader downloader, Collection<String> hosts, int max) {
        this.api = api;
        this.downloader = downloader;
        for (String h : hosts) {
            this.hosts.add(h.toLowerCase(Locale.ROOT));
        }
        this.max = max;
    }

    /** Adds the top URLs of the last day. */
    public void topUrls(String domain) {
        DescribeDomainTopUrlVisitRequest q = new DescribeDomainTopUrlVisitRequest();
        q.setDomainName(domain);
        q.setStartTime(Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
        q.setSortBy("pv");
        DescribeDomainTopUrlVisitResponse r = api.call(q, "DescribeDomainTopUrlVisit");
        List<DescribeDomainTopUrlVisitResponse.UrlList> list = r.getUrl200List() != null && !r.getUrl200List().isEmpty()
                ? r.getUrl200List() : r.getAllUrlList();
        if (list == null) {
            return;
        }
        for (DescribeDomainTopUrlVisitResponse.UrlList u : list) {
            String url = u.getUrlDetail();
            if (url == null || url.isEmpty()) {
                continue;
            }
            topUrls++;
            offer(url.contains("://") ? url : "http://" + url);
        }
    }

    /** Adds the 200 URLs of the offline logs of the last {@code hours} hours; a failing file is skipped. */
    public void offlineLogs(String domain, int hours, Consumer<String> log) {
        Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant start = end.minus(hours, ChronoUnit.HOURS);
        List<String> paths = new ArrayList<>();
        for (long page = 1; page < 1000; page++) {
            DescribeCdnDomainLogsRequest q = new DescribeCdnDomainLogsRequest();
            q.setDomainName(domain);
            q.setStartTime(start.toString());
            q.setEndTime(end.toString());
            q.setPageSize(LOG_PAGE_SIZE);
            q.setPageNumber(page);
            DescribeCdnDomainLogsResponse r = api.call(q, "DescribeCdnDomainLogs");
            long total = 0;
            int got = 0;
            if (r.getDomainLogDetails() != null) {
                for (DescribeCdnDomainLogsResponse.DomainLogDetail d : r.getDomainLogDetails()) {
                    if (d.getPageInfos() != null && d.getPageInfos().getTotal() != null) {
                        total = Math.max(total, d.getPageInfos().getTotal());
                    }
                    if (d.getLogInfos() == null) {
                        continue;
                    }
                    for (DescribeCdnDomainLogsResponse.DomainLogDetail.LogInfoDetail i : d.getLogInfos()) {
                        got++;
                        if (i.getLogPath() != null && !i.getLogPath().isEmpty()) {
                            paths.add(i.getLogPath());
                        }
                    }
                }
            }
            if (got == 0 || page * LOG_PAGE_SIZE >= total) {
                break;
            }
        }
        for (String p : paths) {
            if (full()) {
                break;
            }
            logFile(p, log);
        }
    }

    /** Adds the 200 URLs of one log file (a path from the API, or the signed URL of a LogFileCreated event). */
    public boolean logFile(String pathOrUrl, Consumer<String> log) {
        logFiles++;
        try {
            downloader.download(pathOrUrl, text -> AccessLogParser.parse(text, counts, this::offer));
            return true;
        } catch (IOException | RuntimeException e) {
            logFailures++;
            log.accept("skipped CDN log " + LogDownloader.safe(pathOrUrl) + ": " + e.getMessage());
            return false;
        }
    }

    private void offer(String url) {
        if (full() || urls.contains(url)) {
            return;
        }
        String host;
        try {
            URI u = new URI(url.replace(" ", "%20"));
            host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            host = "";
        }
        if (!hosts.contains(host)) {
            refused++;
            return;
        }
        urls.add(url);
    }

    private boolean full() {
        return urls.size() >= max;
    }

    /** The URLs collected, in the order found, without duplicates. */
    public List<String> urls() {
        return new ArrayList<>(urls);
    }

    public long malformedLines() {
        return counts.malformed();
    }

    /** Counts for the report. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("urls", urls.size());
        o.addProperty("topUrls", topUrls);
        o.addProperty("logFiles", logFiles);
        o.addProperty("logFilesFailed", logFailures);
        o.addProperty("logLines", counts.lines());
        o.addProperty("malformedLines", counts.malformed());
        o.addProperty("ok200Lines", counts.ok());
        o.addProperty("refusedUrls", refused);
        o.addProperty("capped", full());
        return o;
    }
}
