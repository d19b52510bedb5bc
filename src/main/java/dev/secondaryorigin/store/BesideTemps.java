package dev.secondaryorigin.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The temp files {@link LocalStore#put} writes beside their destination ({@code a/.~cdnso-<pid>-<start ms>-<n>.part}
 * for {@code a/b.css}) before renaming them onto it, and the removal of those a killed process left behind.
 *
 * <p>Beside, not in one shared folder: with sixteen writers, every create and every rename into another folder
 * took the shared folder's lock, and ext4 placed every new inode in that folder's block group; perf put half of a
 * 10 000-object first pass's CPU samples in the kernel, a third of them spinning on that lock or scanning that group
 * (README.md, "Speed and cost per URL"). A rename within one folder also needs no cross-folder locking.
 *
 * <p>The names are reserved: {@code crawl.UrlKeys} refuses a path segment starting with {@link #PREFIX}, and the
 * store neither lists nor writes such keys, so a temp file is never served or taken for an object. A leftover's
 * owner is told by pid and start time as in {@link StateTempFiles}; a folder is swept the first time this process
 * writes into it, so a crash costs the next pass a directory listing per folder it writes.
 */
final class BesideTemps {
    static final String PREFIX = ".~cdnso-";
    static final String SUFFIX = ".part";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-(\\d+)-\\d+" + Pattern.quote(SUFFIX));
    /** No write takes a day; also covers a system that cannot tell a process's start time. */
    private static final Duration MAX_AGE = Duration.ofDays(1);
    private static final String OWNER = ProcessHandle.current().pid() + "-"
            + ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(0L) + "-";
    private static final AtomicLong COUNTER = new AtomicLong();

    private BesideTemps() {
    }

    /** Whether a file name is one of these temp files' (any process's). */
    static boolean isTempName(String fileName) {
        return fileName.startsWith(PREFIX);
    }

    /** A new temp file name beside {@code dest}, unique to this process and write. */
    static Path beside(Path dest) {
        return dest.resolveSibling(PREFIX + OWNER + COUNTER.incrementAndGet() + SUFFIX);
    }

    /** Deletes the temp files in {@code folder} whose process is gone (or a day old); returns how many. Never fails. */
    static int removeLeftovers(Path folder) {
        int removed = 0;
        Instant dayAgo = Instant.now().minus(MAX_AGE);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, PREFIX + "*" + SUFFIX)) {
            for (Path f : files) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                try {
                    boolean ownerGone = !StateTempFiles.running(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
                    if ((ownerGone || Files.getLastModifiedTime(f).toInstant().isBefore(dayAgo)) && Files.deleteIfExists(f)) {
                        removed++;
                    }
                } catch (IOException | NumberFormatException e) {
                    // Gone meanwhile, or not ours to delete: the next sweep tries again.
                }
            }
        } catch (IOException e) {
            // An unreadable folder: the write into it reports the problem.
        }
        return removed;
    }
}
