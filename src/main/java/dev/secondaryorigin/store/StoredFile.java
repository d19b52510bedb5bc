package dev.secondaryorigin.store;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/**
 * What one stat of a regular file tells the local store: its inode, size and modification time. The inode binds a
 * metadata record to the very file it describes: every write makes a new file (temp file, then rename), so the
 * record of the new bytes can be written before they take the key, and the old record keeps describing the old
 * file until the rename.
 */
final class StoredFile {
    /** No inode (a file system without the unix attribute view): records then match by name and size alone. */
    static final long NO_INODE = 0;

    private static volatile boolean unixView = true;

    final long inode;
    final long size;
    final long modifiedMillis;

    private StoredFile(long inode, long size, long modifiedMillis) {
        this.inode = inode;
        this.size = size;
        this.modifiedMillis = modifiedMillis;
    }

    /** The regular file at {@code p} (a link is not followed), or null when there is none. */
    static StoredFile of(Path p) throws IOException {
        try {
            if (unixView) {
                try {
                    Map<String, Object> a = Files.readAttributes(p, "unix:ino,size,lastModifiedTime,isRegularFile",
                            LinkOption.NOFOLLOW_LINKS);
                    if (!(Boolean) a.get("isRegularFile")) {
                        return null;
                    }
                    return new StoredFile((Long) a.get("ino"), (Long) a.get("size"),
                            ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toMillis());
                } catch (UnsupportedOperationException | IllegalArgumentException e) {
                    unixView = false;
                }
            }
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) {
                return null;
            }
            return new StoredFile(NO_INODE, a.size(), a.lastModifiedTime().toMillis());
        } catch (NoSuchFileException e) {
            return null;
        } catch (FileSystemException e) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return null; // a file where a folder on the path should be: nothing there, as for Files.isRegularFile
            }
            throw e;
        }
    }

    /** Whether a record made for {@code inode} and {@code size} describes this file. */
    boolean matches(long recordInode, long recordSize) {
        return recordSize == size && (inode == NO_INODE || recordInode == inode);
    }
}
