package dev.secondaryorigin.cli;

import java.util.Collections;
import java.util.Map;
import picocli.CommandLine;

/**
 * Gives commands that call Alibaba Cloud OpenAPIs the environment they read credentials and endpoint
 * overrides from: the process's, or the one a caller passed to {@link Main#execute(Map, String...)}.
 */
final class CliEnvironment implements CommandLine.IFactory {
    /** A command constructed with the environment it should read. */
    interface Aware {
        void environment(Map<String, String> env);
    }

    private final Map<String, String> env;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    CliEnvironment(Map<String, String> env) {
        this.env = Collections.unmodifiableMap(env);
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        K k = fallback.create(cls);
        if (k instanceof Aware) {
            ((Aware) k).environment(env);
        }
        return k;
    }
}
