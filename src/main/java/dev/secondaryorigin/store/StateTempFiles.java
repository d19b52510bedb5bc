package dev.secondaryorigin.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local temp files a streamed state save writes before its upload ({@link ObjectStore#putState(String,
 * Payload.Writer, String)}), and the removal of those a killed process left behind. A save of a 10 M-URL manifest
 * writes some 360 MB; Function Compute gives an instance 512 MB of disk, and a process killed mid-save (timeout, OOM,
 * SIGKILL) never deletes its file, so the next invocation on the instance could run out of disk.
 *
 * <p>The files live in one folder under {@code java.io.tmpdir} and are named after the process that writes them: its
 * pid and its start time ({@code state-<pid>-<start ms>-<random>.part}), because a restarted runtime often gets the
 * pid its killed predecessor had. A file whose owner no longer runs is a leftover; so is any file older than a day
 * (no save lasts that long: an FC invocation ends within 24 h), which also covers a system that cannot tell a
 * process's start time. Files of live saves, in this process or in another, are never touched.
 */
final class StateTempFiles {
    static final String FOLDER = "cdn-secondary-origin-state";
    private static final Pattern NAME = Pattern.compile("state-(\\d+)-(\\d+)-\\d+\\.part");
    /** Earlier versions wrote {@code state-<random>.part} straight into the temp dir. */
    private static final Pattern OLD_NAME = Pattern.compile("state--?\\d+\\.part");
    private static final Duration MAX_AGE = Duration.ofDays(1);
    /** An earlier version's save wrote and uploaded its file in minutes; its name says nothing of its owner. */
    private static final Duration OLD_MAX_AGE = Duration.ofHours(1);

    private StateTempFiles() {
    }

    static Path folder() {
        return Paths.get(System.getProperty("java.io.tmpdir"), FOLDER);
    }

    /** A new, empty temp file owned by this process; the caller deletes it. */
    static Path create() throws IOException {
        Path dir = Files.createDirectories(folder());
        ProcessHandle self = ProcessHandle.current();
        return Files.createTempFile(dir, "state-" + self.pid() + "-" + startMillis(self).orElse(0L) + "-", ".part");
    }

    /** Deletes the leftovers of saves whose process is gone; returns how many. Best effort: never fails. */
    static int removeLeftovers() {
        Instant now = Instant.now();
        int removed = removeIn(folder(), NAME, now, MAX_AGE, true);
        return removed + removeIn(Paths.get(System.getProperty("java.io.tmpdir")), OLD_NAME, now, OLD_MAX_AGE, false);
    }

    private static int removeIn(Path dir, Pattern names, Instant now, Duration maxAge, boolean named) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "state-*.part")) {
            for (Path f : files) {
                Matcher m = names.matcher(f.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                try {
                    boolean ownerGone = named && !running(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
                    if ((ownerGone || Files.getLastModifiedTime(f).toInstant().isBefore(now.minus(maxAge)))
                            && Files.deleteIfExists(f)) {
                        removed++;
                    }
                } catch (IOException | NumberFormatException e) {
                    // Gone meanwhile, or not ours to delete: the next look tries again.
                }
            }
        } catch (IOException e) {
            // An unreadable temp dir: the save that needs the space reports the problem.
        }
        return removed;
    }

    /** Whether the process that named a file so still runs; true when its start time cannot be known. */
    static boolean running(long pid, long startMillis) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (!h.isPresent()) {
            return false;
        }
        Optional<Long> started = startMillis(h.get());
        return startMillis == 0 || !started.isPresent() || started.get() == startMillis;
    }

    private static Optional<Long> startMillis(ProcessHandle h) {
        return h.info().startInstant().map(Instant::toEpochMilli);
    }
}
