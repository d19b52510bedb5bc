package dev.secondaryorigin.cli;

import dev.secondaryorigin.store.ObjectStore;
import dev.secondaryorigin.store.ObjectStores;
import dev.secondaryorigin.task.TaskConfig;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The store options ({@code --target}, {@code --oss-endpoint}, ...) for commands that read a backup
 * without syncing it. They come from the same option table as {@code sync}'s.
 */
final class StoreFlags {
    static final String[] NAMES = {"target", "oss-endpoint", "oss-region", "multipart-threshold"};

    private StoreFlags() {
    }

    static void addTo(CommandSpec spec) {
        TaskFlags.addTo(spec, NAMES);
    }

    /** Opens the store; the placeholder origin only satisfies TaskConfig and is never contacted. */
    static ObjectStore open(CommandSpec spec) throws IOException {
        Map<String, List<String>> raw = TaskFlags.values(spec);
        raw.put("origin", Collections.singletonList("http://127.0.0.1/"));
        return ObjectStores.open(TaskConfig.parse(raw), Main.environment(spec));
    }
}
