package dev.secondaryorigin.task;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The table of every task option. Add an option here and every front end knows it. */
public final class TaskOptions {
    private TaskOptions() {
    }

    public static final List<OptionDef> ALL = Collections.unmodifiableList(Arrays.asList(
            OptionDef.value("origin", "URL", null,
                    "Primary origin to copy from: an http(s) URL, host name or IP, with optional port."),
            OptionDef.value("domain", "HOST", null,
                    "CDN domain. Every request carries Host: <domain> (and TLS SNI) while connecting to the "
                            + "origin address. Default: the origin's host."),
            OptionDef.value("target", "DIR|BUCKET_ENDPOINT", "backup",
                    "Secondary origin to keep: a local directory, an OSS bucket endpoint "
                            + "(my-bucket.oss-cn-hangzhou.aliyuncs.com[/prefix]) or oss://bucket[/prefix].")
                    .env("SECONDARY_ORIGIN"),
            OptionDef.value("task-name", "NAME", null,
                    "Task name; state lives under .secondary-origin/<task-name>/. Default: the domain."),
            OptionDef.list("entry", "PATH", "/", "Entry URL path to start from (repeatable).").tuning(),
            OptionDef.list("extra-host", "HOST", null,
                    "Other host names the site's pages use for itself (e.g. example.com for www.example.com); "
                            + "their links are followed and fetched from the origin (repeatable)."),
            OptionDef.value("resource-types", "LIST", "all",
                    "Resource types to store: " + ResourceType.accepted() + ". Pages of other types are still "
                            + "read for links.").tuning(),
            OptionDef.list("include", "GLOB", null,
                    "Only store paths matching this glob (* within a segment, ** across segments; repeatable).").tuning(),
            OptionDef.list("exclude", "GLOB", null, "Never fetch paths matching this glob (repeatable).").tuning(),
            OptionDef.value("max-depth", "N", "50", "Maximum link depth from an entry URL.").tuning(),
            OptionDef.value("max-objects", "N", "10000000", "Maximum URLs visited in one pass; a pass cut short by it "
                    + "(or by the memory its state may use) says so in its report (cutShort) and exits 7.").tuning(),
            OptionDef.value("max-object-size", "SIZE", "1GiB",
                    "Larger objects are skipped (units: B, KiB, MiB, GiB, KB, MB, GB).").tuning(),
            OptionDef.value("concurrency", "N", "16", "Parallel requests to the origin.").tuning(),
            OptionDef.value("timeout", "SECONDS", "30",
                    "Connect timeout and longest silence while reading a response.").tuning(),
            OptionDef.value("retries", "N", "3", "Retries of a request that met a 5xx, 429, timeout or reset.").tuning(),
            OptionDef.list("header", "'NAME: VALUE'", null,
                    "Extra request header sent to the origin (repeatable), e.g. 'X-Origin-Auth: secret'."),
            OptionDef.value("user-agent", "UA", "cdn-secondary-origin/0.1 (+backup)", "User-Agent sent to the origin."),
            OptionDef.flag("insecure-tls", "Accept any TLS certificate from the origin (as a CDN's back-to-origin "
                    + "request does by default). Off: the certificate must match the domain."),
            OptionDef.value("max-seconds", "SECONDS", "0",
                    "Time budget of the pass; 0 = unlimited. When it runs out the pass checkpoints and the "
                            + "next run resumes it.").tuning(),
            OptionDef.value("prune-after", "N", "0",
                    "Delete an object after the origin answered 404/410 to N checks in a row (a pass checks the URLs "
                            + "its revisit schedule finds due); 0 = never."),
            OptionDef.flag("accept-changes", "Publish this pass's changes even if the soft-failure gate finds them "
                    + "suspect (use it when a refused pass was a real change of the site).").tuning(),
            OptionDef.value("keep-passes", "N", "3",
                    "Keep the objects each of the last N passes replaced or deleted, so `rollback` can undo up to N "
                            + "passes; 0 = keep none (no rollback)."),
            OptionDef.value("gate-min-objects", "N", "10",
                    "The soft-failure gate refuses a pass only when at least N objects show the same sign of a "
                            + "failing origin (same new body, non-HTML turned HTML, emptied, shrunk, gone)."),
            OptionDef.value("gate-share", "PERCENT", "50",
                    "Share of the changed (or, for 404/410, of the checked) objects that must show that sign before "
                            + "the gate refuses a pass."),
            OptionDef.flag("no-sitemaps", "Do not read robots.txt Sitemap: lines and /sitemap.xml.").tuning(),
            OptionDef.flag("no-script-links", "Do not read scripts, JSON files (web-app manifests, service-worker "
                    + "precache lists), inline scripts and template/noscript markup for files they load.").tuning(),
            OptionDef.value("script-links-per-document", "N", "50",
                    "Most URLs taken from the strings of one script, JSON file or page; each is fetched "
                            + "speculatively (a 404 is remembered, not a failure).").tuning(),
            OptionDef.value("script-links-per-pass", "N", "2000",
                    "Most speculative URLs (found in scripts and JSON) fetched in one pass.").tuning(),
            OptionDef.value("script-links-recheck-days", "DAYS", "7",
                    "A speculative URL that answered 404/410 (or HTML for a non-HTML file) is asked again after "
                            + "this many days; 0 = every pass.").tuning(),
            OptionDef.flag("full", "Ignore validators, the manifest and the revisit schedule: download every URL "
                    + "again.").tuning(),
            OptionDef.value("min-revisit", "DURATION", "1h",
                    "Shortest time between two revalidations of a URL (30m, 6h, 2d): a URL that changes is asked "
                            + "again sooner, down to this.").tuning(),
            OptionDef.value("max-revisit", "DURATION", "24h",
                    "Longest time a URL goes without revalidation: an unchanged URL is asked less often, up to "
                            + "this; 0 = every URL every pass.").tuning(),
            OptionDef.value("lease-seconds", "SECONDS", "120",
                    "A pass's lease expires after this long without renewal (a running pass renews it at every "
                            + "checkpoint), so a crashed pass blocks the task for at most this long."),
            OptionDef.value("checkpoint-seconds", "SECONDS", "10", "How often an unfinished pass is checkpointed.").tuning(),
            OptionDef.value("oss-endpoint", "ENDPOINT", null,
                    "Endpoint for the sync's own OSS traffic, e.g. oss-cn-hangzhou-internal.aliyuncs.com, "
                            + "or http://host:port for an OSS-compatible endpoint. Default: the bucket's public one."),
            OptionDef.value("oss-region", "REGION", null,
                    "OSS region (cn-hangzhou). Default: read from the target endpoint."),
            OptionDef.value("multipart-threshold", "SIZE", "32MiB",
                    "Objects at least this large go up to OSS by multipart upload."),
            OptionDef.value("cdn-endpoint", "ENDPOINT", null,
                    "CDN OpenAPI endpoint for warm-up, CDN URL sources and the guard: a host, or "
                            + "http(s)://host:port for a private gateway. Default: cdn.aliyuncs.com."),
            OptionDef.flag("warmup", "After each run, prefetch the URLs it stored into CDN nodes (PushObjectCache), "
                    + "within the per-call limit and the account's daily preload quota. Costs quota.").tuning(),
            OptionDef.flag("top-urls", "Seed the pass with the domain's most visited URLs of the last day "
                    + "(DescribeDomainTopUrlVisit), so pages nobody links to are backed up too.").tuning(),
            OptionDef.value("cdn-logs-hours", "HOURS", "0",
                    "Seed the pass with every URL answered 200 in the domain's offline CDN access logs of the "
                            + "last HOURS hours (DescribeCdnDomainLogs); 0 = off.").tuning(),
            OptionDef.value("cdn-seeds-max", "N", "10000",
                    "Most URLs taken from CDN data (top URLs, access logs, LogFileCreated events) per pass.").tuning(),
            OptionDef.list("guard-path", "PATH", "/", "Path the origin guard probes on the primary origin (repeatable)."),
            OptionDef.value("guard-status", "LIST", "200",
                    "Status codes the guard accepts from the primary origin, e.g. 200,301."),
            OptionDef.value("guard-body", "TEXT", null,
                    "Text a healthy answer's body must contain (catches maintenance pages served with 200)."),
            OptionDef.value("guard-failures", "N", "3",
                    "Consecutive failed guard probes after which the bucket becomes the primary origin."),
            OptionDef.value("guard-successes", "N", "5",
                    "Consecutive healthy guard probes after which the primary origin is restored."),
            OptionDef.value("guard-max-backup-age", "HOURS", "48",
                    "The guard never promotes a backup whose last complete pass is older than this.")
    ));

    /** The option with this canonical, env or JSON name, or null. */
    public static OptionDef find(String name) {
        for (OptionDef d : ALL) {
            if (d.name().equals(name) || d.envName().equals(name) || OptionNaming.jsonName(d.name()).equals(name)) {
                return d;
            }
        }
        return null;
    }

    public static String knownNames(OptionNaming naming) {
        StringBuilder b = new StringBuilder();
        for (OptionDef d : ALL) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(naming == OptionNaming.ENV ? d.envName() : naming.display(d.name()));
        }
        return b.toString();
    }
}
