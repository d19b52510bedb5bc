package dev.secondaryorigin.tasks;

import dev.secondaryorigin.store.ObjectStore;
import dev.secondaryorigin.store.ObjectStores;
import dev.secondaryorigin.credentials.CloudCredentials;
import dev.secondaryorigin.store.OssStore;
import dev.secondaryorigin.store.OssTarget;
import dev.secondaryorigin.task.ConfigException;

import java.util.Map;

/**
 * Where the registry lives: {@code oss://bucket/prefix/} or a bucket endpoint with a prefix in the cloud, a
 * directory locally. The registry may be in another bucket than any task's secondary origin.
 */
public final class RegistryLocation {
    /** The FC function's variable naming the registry (the dispatcher deployment sets it). */
    public static final String ENV = "REGISTRY";
    /** Default local registry directory. */
    public static final String DEFAULT_DIR = "tasks";

    private RegistryLocation() {
    }

    /**
     * Opens the registry's store. {@code option} names the flag or variable for error messages; OSS credentials
     * come from {@code env}'s {@code ALIBABA_CLOUD_*} variables, and {@code OSS_ENDPOINT}/{@code OSS_REGION} of
     * {@code env} are used for the registry's bucket as for a target.
     */
    public static ObjectStore open(String option, String location, Map<String, String> env) {
        if (location == null || location.trim().isEmpty()) {
            throw new ConfigException(option, "must name a directory or an OSS location such as "
                    + "oss://ops-bucket/secondary-origin-tasks/");
        }
        if (ObjectStores.isOss(location)) {
            try {
                OssTarget t = OssTarget.parse(location.trim(), blankToNull(env.get("OSS_ENDPOINT")),
                        blankToNull(env.get("OSS_REGION")));
                return new OssStore(t, CloudCredentials.fromEnvironmentOrProfile(env), 32L << 20);
            } catch (ConfigException e) {
                throw new ConfigException(option, e.problem());
            }
        }
        try {
            return ObjectStores.openLocal(location);
        } catch (ConfigException e) {
            throw new ConfigException(option, e.problem());
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.trim().isEmpty() ? null : s.trim();
    }
}
