package dev.secondaryorigin.app;

import dev.secondaryorigin.cdn.CdnApi;
import dev.secondaryorigin.cdn.TaskCdn;
import dev.secondaryorigin.credentials.CloudCredentials;
import dev.secondaryorigin.store.ObjectStore;
import dev.secondaryorigin.store.ObjectStores;
import dev.secondaryorigin.task.TaskConfig;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * What the use cases run in: the environment variables a shell hands in (the process environment, a test's
 * map, FC's variables) and the credentials resolved from them once, when first needed (a local target needs
 * none): the variables, else the Alibaba Cloud CLI's profile; in FC the invocation's execution role. Nothing below
 * the shells reads {@code System.getenv()}, so a caller decides what is seen.
 */
public final class Environment {
    private final Map<String, String> vars;
    private CloudCredentials credentials;

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
     * The same environment in an FC invocation: the execution role's temporary key comes with each invocation and
     * is fresher than the one the instance started with, so it wins for OSS, CDN and RAM alike; without one (blank
     * id or secret) the variables' key is used.
     */
    public Environment withRoleCredentials(String accessKeyId, String accessKeySecret, String securityToken) {
        Map<String, String> v = new HashMap<>(vars);
        if (accessKeyId != null && !accessKeyId.isEmpty() && accessKeySecret != null && !accessKeySecret.isEmpty()) {
            // Under the standard names, so the store and the CDN and RAM clients all resolve the role's key.
            v.put(CloudCredentials.ENV_ACCESS_KEY_ID, accessKeyId);
            v.put(CloudCredentials.ENV_ACCESS_KEY_SECRET, accessKeySecret);
            if (securityToken != null && !securityToken.isEmpty()) {
                v.put(CloudCredentials.ENV_SECURITY_TOKEN, securityToken);
            } else {
                v.remove(CloudCredentials.ENV_SECURITY_TOKEN);
            }
        }
        return new Environment(v);
    }

    /** Resolved once; a missing key is a {@code CredentialsException} naming the variables to set. */
    synchronized CloudCredentials credentials() {
        if (credentials == null) {
            credentials = CloudCredentials.fromEnvironmentOrProfile(vars);
        }
        return credentials;
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
        return isOss(config.target()) ? ObjectStores.open(config, credentials()) : ObjectStores.openLocal(config.target());
    }

    /** A store that must already hold a backup (status, verify, rollback, drill from the CLI). */
    ObjectStore openExisting(TaskConfig config) throws IOException {
        return isOss(config.target()) ? ObjectStores.open(config, credentials()) : ObjectStores.openExisting(config, vars);
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
