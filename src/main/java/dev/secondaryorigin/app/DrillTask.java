package dev.secondaryorigin.app;

import dev.secondaryorigin.cdn.CdnUrlSources;
import dev.secondaryorigin.cdn.OpenApiFailure;
import dev.secondaryorigin.state.StateRepository;
import dev.secondaryorigin.store.ObjectStore;
import dev.secondaryorigin.sync.Deadline;
import dev.secondaryorigin.sync.Drill;
import dev.secondaryorigin.sync.DrillPlan;
import dev.secondaryorigin.sync.DrillProbe;
import dev.secondaryorigin.sync.DrillReport;
import dev.secondaryorigin.task.TaskConfig;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;

/**
 * The failover drill: which URLs of the manifest to ask (all, a sample, or the CDN's top URLs), the HTTP base to
 * ask them through (given, the bucket's own domain, or a local target served in-process), the requests, and the
 * verdict against the readiness asked for.
 */
public final class DrillTask {
    /** Serves a local target's directory over HTTP on a loopback port while a drill runs. */
    public interface LocalServer {
        /** Starts serving {@code directory}; the answer's base is where, and closing it stops. */
        Served serve(String directory) throws IOException;
    }

    /** A running in-process server. */
    public interface Served extends AutoCloseable {
        String base();

        @Override
        void close();
    }

    /** What to drill and how. Build with the setters; unset: all URLs, the default HTTP base, no deadline. */
    public static final class Request {
        String taskName;
        String via;
        String host;
        int sample;
        long seed = System.nanoTime();
        String topUrlsDomain;
        Function<String, TaskConfig> cdnConfig;
        double minReady = 100;
        int concurrency = 8;
        int timeoutSeconds = 30;
        Deadline deadline = Deadline.none();
        LocalServer localServer;
        boolean mustExist;

        public Request taskName(String t) {
            taskName = t;
            return this;
        }

        public Request via(String v, String h) {
            via = v;
            host = h;
            return this;
        }

        /** About {@code n} URLs of the manifest, every kind in proportion; 0: all. */
        public Request sample(int n, Long seedOrNull) {
            sample = n;
            if (seedOrNull != null) {
                seed = seedOrNull;
            }
            return this;
        }

        /**
         * The domain's most visited URLs (CDN DescribeDomainTopUrlVisit); {@code domain} null: the task's name.
         * {@code cdnConfig} gives the CDN options for a domain.
         */
        public Request topUrls(String domain, Function<String, TaskConfig> cdnConfigForDomain) {
            topUrlsDomain = domain;
            cdnConfig = cdnConfigForDomain;
            return this;
        }

        public Request minReady(double percent) {
            minReady = percent;
            return this;
        }

        public Request limits(int concurrency, int timeoutSeconds, Deadline deadline) {
            this.concurrency = concurrency;
            this.timeoutSeconds = timeoutSeconds;
            this.deadline = deadline;
            return this;
        }

        /** How to serve a local target when no HTTP base is given; without one, such a drill has no base. */
        public Request localServer(LocalServer s) {
            localServer = s;
            return this;
        }

        /** A directory that holds no backup is an error rather than created. */
        public Request mustExist(boolean b) {
            mustExist = b;
            return this;
        }
    }

    private final Environment env;

    public DrillTask(Environment env) {
        this.env = env;
    }

    public DrillResult run(TaskConfig storeConfig, Request r) throws IOException {
        try (ObjectStore store = env.open(storeConfig, r.mustExist)) {
            String task = Tasks.resolve(store, r.taskName);
            DrillPlan plan = new DrillPlan(new StateRepository(store, task).loadManifest());
            List<DrillProbe> probes;
            String chosen;
            if (r.cdnConfig != null) {
                String d = r.topUrlsDomain != null ? r.topUrlsDomain : task;
                probes = plan.urls(topUrls(r.cdnConfig.apply(d)));
                chosen = "top URLs of " + d;
            } else if (r.sample > 0) {
                probes = plan.sample(r.sample, r.seed);
                chosen = "sample of " + r.sample + " (seed " + r.seed + ")";
            } else {
                probes = plan.all();
                chosen = "all";
            }
            String base = r.via;
            String host = r.host;
            Served served = null;
            if (base == null) {
                Drill.Via oss = Drill.defaultVia(store);
                if (oss != null) {
                    base = oss.base();
                    host = host != null ? host : oss.host();
                } else if (r.localServer != null) {
                    served = r.localServer.serve(storeConfig.target());
                    base = served.base();
                } else {
                    return DrillResult.noVia(task, store.describe());
                }
            }
            try {
                DrillReport report = new Drill(base, host, r.concurrency, r.timeoutSeconds).run(probes, chosen,
                        r.deadline);
                return new DrillResult(task, store.describe(), host, served != null, report, r.minReady);
            } finally {
                if (served != null) {
                    served.close();
                }
            }
        }
    }

    private List<String> topUrls(TaskConfig config) throws IOException {
        try {
            CdnUrlSources sources = env.cdn(config).sources();
            sources.topUrls(config.domain());
            return sources.urls();
        } catch (OpenApiFailure e) {
            throw new IOException("--top-urls: the CDN API refused DescribeDomainTopUrlVisit: " + e.getMessage(), e);
        }
    }
}
