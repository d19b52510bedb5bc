package dev.secondaryorigin.store;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The folders of a local target this store has seen to be real directories with no symbolic link on their path, so
 * a write into a folder it has written into before looks at the file itself only, not at every component of its path
 * again (a pass of a million objects into a few folders saved ten system calls and an exception per object). Forgotten
 * when folders may have been removed, and wholesale past a bound, which only costs the full look again.
 */
final class VerifiedFolders {
    private static final int MAX_FOLDERS = 100_000;

    private final Set<String> folders = ConcurrentHashMap.newKeySet();

    /** Whether folder key {@code folder} ("" is the root) is known to be a real directory. */
    boolean contains(String folder) {
        return folder.isEmpty() || folders.contains(folder);
    }

    void add(String folder) {
        if (folders.size() >= MAX_FOLDERS) {
            folders.clear();
        }
        folders.add(folder);
    }

    void forgetAll() {
        folders.clear();
    }
}
