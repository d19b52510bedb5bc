package dev.secondaryorigin.app;

import com.google.gson.JsonObject;
import dev.secondaryorigin.cdn.OriginGuard;
import dev.secondaryorigin.cdn.OssOriginEndpoint;
import dev.secondaryorigin.origin.HealthProbe;
import dev.secondaryorigin.state.Lease;
import dev.secondaryorigin.state.LeaseHeldException;
import dev.secondaryorigin.state.StateRepository;
import dev.secondaryorigin.store.ObjectStore;
import dev.secondaryorigin.store.OssTarget;
import dev.secondaryorigin.task.ConfigException;
import dev.secondaryorigin.task.TaskConfig;
import java.io.IOException;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One run of the L7 origin guard for a task, as the FC {@code guard} action and the CLI's {@code guard} command
 * run it: probe the primary origin over HTTP ({@link HealthProbe}), then let {@link OriginGuard} count and switch
 * the CDN's origins. Runs under its own short lease, so overlapping timer invocations do not probe and count twice.
 */
public final class GuardTask {
    static final long LEASE_MILLIS = 120_000;

    private final Environment env;

    public GuardTask(Environment env) {
        this.env = env;
    }

    /** {@code log} gets the guard's notes (a switch, a refusal to promote a stale backup). */
    public GuardResult run(TaskConfig config, Consumer<String> log) throws IOException {
        // The store first: an unusable target is reported as such before the guard's own objection to a directory.
        try (ObjectStore store = env.openStore(config)) {
            if (!Environment.isOss(config.target())) {
                throw new ConfigException("target", "the guard needs an OSS bucket target: a local directory cannot "
                        + "be a CDN origin");
            }
            OssOriginEndpoint bucket = OssOriginEndpoint.parse(OssTarget.of(config).publicEndpoint(), "--target");
            StateRepository state = new StateRepository(store, config.taskName());
            Lease lease;
            try {
                lease = Lease.acquire(store, state.guardLeaseKey(),
                        "guard-" + UUID.randomUUID().toString().substring(0, 8), "guard", LEASE_MILLIS);
            } catch (LeaseHeldException e) {
                JsonObject o = new JsonObject();
                o.addProperty("action", "skipped");
                o.addProperty("message", "another guard run holds the task; this one did nothing");
                return new GuardResult(o);
            }
            try {
                OriginGuard guard = new OriginGuard(env.cdnApi(config.cdnEndpoint()), store, state.guardStateKey(),
                        Instant::now);
                HealthProbe probe = new HealthProbe(config,
                        Paths.get(System.getProperty("java.io.tmpdir"), "cdn-secondary-origin"));
                return new GuardResult(guard.run(new OriginGuard.Settings(config.domain(), bucket,
                                config.guardFailures(), config.guardSuccesses(),
                                Duration.ofHours(config.guardMaxBackupAgeHours())),
                        probe::check, state.lastCompletePass(), log));
            } finally {
                try {
                    lease.release();
                } catch (IOException e) {
                    // It expires by itself.
                }
            }
        }
    }
}
