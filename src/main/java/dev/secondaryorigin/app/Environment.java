package dev.secondaryorigin.app;

import dev.secondaryorigin.cdn.CdnApi;
import dev.secondaryorigin.cdn.TaskCdn;
import dev.secondaryorigin.store.ObjectStore;
import dev.secondaryorigin.store.ObjectStores;
import dev.secondaryorigin.task.TaskConfig;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * What the use cases run in: the environment variables a shell hands in (the process environment, a test's
 * map, FC's variables with the invocation's role credentials), from which credentials, endpoint overrides and
 * clients are made. Nothing below the shells reads {@code System.getenv()}, so a caller decides what is seen.
 */
public final class Environment {
    static final String ACCESS_KEY_ID = "ALIBABA_CLOUD_ACCESS_KEY_ID";
    static final String ACCESS_KEY_SECRET = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
    static final String SECURITY_TOKEN = "ALIBABA_CLOUD_SECURITY_TOKEN";

    private final Map<String, String> vars;

    private Environment(Map<String, String> vars) {
        this.vars = Collections.unmodifiableMap(new HashMap<>(vars));
    }

    public static Environment of(Map<String, String> vars) {
        return new Environment(vars);
    }

    public Map<String, String> variables() {
        return vars;
    }

    /**
     * The same environment with an execution role's temporary credentials in place of the variables'. In FC they
     * come with each invocation and are fresher than the ones the instance started with, so they win; an empty
     * id or secret leaves the environment's own.
     */
    public Environment withRoleCredentials(String accessKeyId, String accessKeySecret, String securityToken) {
        if (accessKeyId == null || accessKeyId.isEmpty() || accessKeySecret == null || accessKeySecret.isEmpty()) {
            return this;
        }
        Map<String, String> v = new HashMap<>(vars);
        v.put(ACCESS_KEY_ID, accessKeyId);
        v.put(ACCESS_KEY_SECRET, accessKeySecret);
        if (securityToken != null && !securityToken.isEmpty()) {
            v.put(SECURITY_TOKEN, securityToken);
        } else {
            v.remove(SECURITY_TOKEN);
        }
        return new Environment(v);
    }

    /** True when the target names an OSS bucket rather than a directory. */
    public static boolean isOss(String target) {
        return ObjectStores.isOss(target);
    }

    /** True when the target is an existing local directory that no pass has written to. */
    public static boolean isDirectoryWithoutBackup(String target) {
        return ObjectStores.isDirectoryWithoutBackup(target);
    }

    /** The task's store, created when it is a directory that does not exist yet (a sync's target). */
    ObjectStore openStore(TaskConfig config) throws IOException {
        return ObjectStores.open(config, vars);
    }

    /** A store that must already hold a backup (status, verify, rollback, drill from the CLI). */
    ObjectStore openExisting(TaskConfig config) throws IOException {
        return ObjectStores.openExisting(config, vars);
    }

    ObjectStore open(TaskConfig config, boolean mustExist) throws IOException {
        return mustExist ? openExisting(config) : openStore(config);
    }

    TaskCdn cdn(TaskConfig config) {
        return new TaskCdn(config, vars);
    }

    CdnApi cdnApi(String endpointFlag) {
        return CdnApi.fromEnvironment(vars, endpointFlag);
    }
}
