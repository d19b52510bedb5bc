package dev.secondaryorigin.fc;

import com.google.gson.JsonObject;
import dev.secondaryorigin.cdn.CdnApi;
import dev.secondaryorigin.cdn.OriginGuard;
import dev.secondaryorigin.cdn.OssOriginEndpoint;
import dev.secondaryorigin.origin.HealthProbe;
import dev.secondaryorigin.state.Lease;
import dev.secondaryorigin.state.LeaseHeldException;
import dev.secondaryorigin.state.StateRepository;
import dev.secondaryorigin.store.ObjectStore;
import dev.secondaryorigin.store.ObjectStores;
import dev.secondaryorigin.store.OssTarget;
import dev.secondaryorigin.task.ConfigException;
import dev.secondaryorigin.task.TaskConfig;
import java.io.IOException;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One run of the L7 origin guard for a task, as the {@code guard} action and the CLI's {@code guard}
 * command run it: probe the primary origin over HTTP, then let {@link OriginGuard} count and switch. Runs
 * under its own short lease, so overlapping timer invocations do not probe and count twice.
 */
public final class GuardRun {
    static final long LEASE_MILLIS = 120_000;

    private GuardRun() {
    }

    /** The guard's answer; {@code env} supplies the CDN credentials and endpoint override. */
    public static JsonObject run(TaskConfig config, ObjectStore store, Map<String, String> env, Consumer<String> log)
            throws IOException {
        if (!ObjectStores.isOss(config.target())) {
            throw new ConfigException("target", "the guard needs an OSS bucket target: a local directory cannot be a "
                    + "CDN origin");
        }
        OssOriginEndpoint bucket = OssOriginEndpoint.parse(OssTarget.of(config).publicEndpoint(), "--target");
        StateRepository state = new StateRepository(store, config.taskName());
        Lease lease;
        try {
            lease = Lease.acquire(store, state.prefix() + "guard-lease.json",
                    "guard-" + UUID.randomUUID().toString().substring(0, 8), "guard", LEASE_MILLIS);
        } catch (LeaseHeldException e) {
            JsonObject o = new JsonObject();
            o.addProperty("action", "skipped");
            o.addProperty("message", "another guard run holds the task; this one did nothing");
            return o;
        }
        try {
            OriginGuard guard = new OriginGuard(CdnApi.fromEnvironment(env, config.cdnEndpoint()), store,
                    state.prefix() + "guard.json", Instant::now);
            HealthProbe probe = new HealthProbe(config,
                    Paths.get(System.getProperty("java.io.tmpdir"), "cdn-secondary-origin"));
            return guard.run(new OriginGuard.Settings(config.domain(), bucket, config.guardFailures(),
                            config.guardSuccesses(), Duration.ofHours(config.guardMaxBackupAgeHours())),
                    probe::check, state.lastCompletePass(), log);
        } finally {
            try {
                lease.release();
            } catch (IOException e) {
                // It expires by itself.
            }
        }
    }
}
