package dev.secondaryorigin.origin;

import dev.secondaryorigin.task.TaskConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One layer-7 look at the primary origin, as the guard needs it: each {@code --guard-path} is fetched once
 * (no retries: a retry would hide the failure the guard is counting), sent {@code Host: <domain>}, and must
 * answer one of {@code --guard-status} and, with {@code --guard-body}, contain that text. A maintenance page
 * served with 200, a 502 from a proxy in front of a dead app, a refused connection and a timeout all fail.
 */
public final class HealthProbe {
    /** Bodies longer than this are not searched for the expected text. */
    static final long MAX_BODY_CHECK = 4L << 20;

    private final TaskConfig config;
    private final Path tempDir;

    public HealthProbe(TaskConfig config, Path tempDir) {
        this.config = config;
        this.tempDir = tempDir;
    }

    /** Null when every path answered as expected, else what was wrong with the first that did not. */
    public String check() {
        try (OriginClient client = new OriginClient(config, tempDir)) {
            for (String path : config.guardPaths()) {
                String problem = checkPath(client, path);
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        } catch (IOException e) {
            return "probe failed: " + e.getMessage();
        }
    }

    private String checkPath(OriginClient client, String path) {
        try (OriginResponse r = client.fetch(path, null, null, System.currentTimeMillis() + 1)) {
            if (!config.guardStatuses().contains(r.status())) {
                return path + " answered " + r.status() + ", expected " + config.guardStatuses();
            }
            String expected = config.guardBody();
            if (expected != null && !expected.isEmpty()) {
                Body body = r.body();
                if (body == null || body.length() > MAX_BODY_CHECK) {
                    return path + " answered " + r.status() + " without a body to check for \"" + expected + "\"";
                }
                String text = new String(body.bytes(), StandardCharsets.UTF_8);
                if (!text.contains(expected)) {
                    return path + " answered " + r.status() + " but without \"" + expected + "\" (maintenance page?)";
                }
            }
            return null;
        } catch (FetchException e) {
            return path + ": " + e.kind() + " (" + e.getMessage() + ")";
        } catch (IOException e) {
            return path + ": " + e.getMessage();
        }
    }
}
