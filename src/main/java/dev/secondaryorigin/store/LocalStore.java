package dev.secondaryorigin.store;

import com.google.gson.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The embedded default store: a directory laid out so any static web server could serve it.
 * Object {@code a/b.css} is the file {@code DIR/a/b.css}; its metadata is a record in its directory's log,
 * {@code DIR/.secondary-origin/.dirmeta/a/~meta.jsonl} (see {@link MetaLogs}; state keys, which live under
 * {@code DIR/.secondary-origin/} too, have theirs at {@code .dirmeta/.secondary-origin/...}). Writes go to a temp file
 * in the same file system and are renamed into place; no file is ever written in place.
 *
 * <p>A record names the inode it describes and is appended before its file is renamed into place: until the rename
 * the old file is still described by its own record, after it the new one by the new record, so a reader sees the
 * old bytes and headers or the new ones, also across a crash (a record whose rename never happened describes no
 * file). Targets written with one sidecar file per object ({@link LegacySidecars}) are converted when opened.
 */
public final class LocalStore implements ObjectStore {
    private static final String META_DIR = LegacySidecars.DIR;
    private static final String TMP_DIR = STATE_PREFIX + ".tmp/";

    /** Unique per process (pid and start time) and per write, without SecureRandom's lock. */
    private static final String TEMP_PREFIX = ProcessHandle.current().pid() + "-" + System.nanoTime() + "-";
    private static final java.util.concurrent.atomic.AtomicLong TEMP_COUNTER = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Writer threads spread their temp files over this many folders under {@code .tmp/}: with one folder, sixteen
     * writers creating files in it and renaming them out took turns on its lock (perf: 17 % of a first pass's
     * samples spinning on it). A folder of its own per writer, not the object's folder: there a create and a rename
     * cost a folder of hundreds of thousands of files two more entries to change (README, "Speed and cost per URL").
     */
    private static final int TEMP_FOLDERS = 16;
    private static final java.util.concurrent.atomic.AtomicInteger NEXT_TEMP_FOLDER = new java.util.concurrent.atomic.AtomicInteger();
    private static final ThreadLocal<Integer> TEMP_FOLDER = ThreadLocal.withInitial(
            () -> Math.floorMod(NEXT_TEMP_FOLDER.getAndIncrement(), TEMP_FOLDERS));

    private final Path root;
    private final Path[] tempFolders = new Path[TEMP_FOLDERS];
    private final MetaLogs logs;
    private final LegacySidecars legacy;
    private final VerifiedFolders verified = new VerifiedFolders();

    public LocalStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        for (int i = 0; i < TEMP_FOLDERS; i++) {
            tempFolders[i] = Files.createDirectories(this.root.resolve(TMP_DIR + i));
        }
        removeStaleTemps();
        this.logs = new MetaLogs(this.root, this::newTemp);
        this.legacy = new LegacySidecars(this.root);
        try {
            legacy.migrate(logs, this::fileFor);
        } catch (IOException e) {
            // A read-only target, say: its sidecars are still read where they are.
        }
    }

    /** Temp files a killed writer left behind (older than an hour, so never one being written now). */
    private void removeStaleTemps() {
        long cutoff = System.currentTimeMillis() - 3_600_000L;
        try (Stream<Path> files = Files.walk(root.resolve(TMP_DIR), 2)) {
            files.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).forEach(p -> {
                try {
                    if (Files.getLastModifiedTime(p).toMillis() < cutoff) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException e) {
                    // Another process may have just removed it.
                }
            });
        } catch (IOException e) {
            // Leftover temp files are never served; failing to tidy them up is harmless.
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public String describe() {
        return "dir " + root;
    }

    /** The file holding a key's bytes; refuses keys that would escape the root. */
    public Path fileFor(String key) throws IOException {
        Path p = pathOf(key);
        refuseLinks(key, p);
        return p;
    }

    /** The path of a key's file, without looking at the file system; refuses keys that would escape the root. */
    private Path pathOf(String key) throws IOException {
        if (key.isEmpty() || key.startsWith("/") || key.contains("\0") || key.contains("\\")) {
            throw new IOException("invalid key \"" + key + "\"");
        }
        for (String seg : key.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                throw new IOException("invalid key \"" + key + "\"");
            }
        }
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root) || p.equals(root)) {
            throw new IOException("key escapes the store: \"" + key + "\"");
        }
        return p;
    }

    /**
     * A symbolic link below the root could send a write (or a read by {@code serve}) out of the target, so no
     * component of a key may be one. The root itself may be a link: the user chose it.
     */
    private void refuseLinks(String key, Path p) throws IOException {
        Path cur = root;
        for (Path seg : root.relativize(p)) {
            cur = cur.resolve(seg);
            if (Files.isSymbolicLink(cur)) {
                throw new SymbolicLinkInTargetException("refused key \"" + key + "\": " + root.relativize(cur)
                        + " is a symbolic link in the target directory, and the local store never follows links "
                        + "(they could lead out of the target); replace it with a real directory or file");
            }
            if (!Files.exists(cur, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
        }
    }

    /**
     * {@link #refuseLinks} for a file in a verified folder: only the file itself can be a link. One {@code stat}
     * (which follows links) tells most writes, which are of new files, that nothing is there; a link found there is
     * refused as on the full walk. A dangling link is not seen, and harmless: the rename replaces the link itself.
     */
    private void refuseLinkAtEnd(String key, Path p) throws IOException {
        if (p.toFile().exists() && Files.isSymbolicLink(p)) {
            refuseLinks(key, p);
        }
    }

    /** A key whose path in the target runs through a symbolic link. */
    public static final class SymbolicLinkInTargetException extends RefusedKeyException {
        SymbolicLinkInTargetException(String message) {
            super(message);
        }
    }

    /** Also removes the folders the deleted objects leave empty (staging and pass records come and go). */
    @Override
    public long deletePrefix(String prefix) throws IOException {
        long n = ObjectStore.super.deletePrefix(prefix);
        verified.forgetAll(); // the folders it emptied are removed below
        if (prefix.endsWith("/") && prefix.length() > 1) {
            String folder = prefix.substring(0, prefix.length() - 1);
            removeEmptyFolders(fileFor(folder));
            logs.removeVanished(folder);
        }
        return n;
    }

    static void removeEmptyFolders(Path dir) throws IOException {
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> folders = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).forEach(folders::add);
        }
        // Deepest first, so a parent is empty once its children are gone.
        folders.sort((a, b) -> Integer.compare(b.getNameCount(), a.getNameCount()));
        for (Path f : folders) {
            try (Stream<Path> entries = Files.list(f)) {
                if (!entries.findAny().isPresent()) {
                    Files.deleteIfExists(f);
                }
            } catch (java.nio.file.DirectoryNotEmptyException | java.nio.file.NoSuchFileException e) {
                // Written to meanwhile, or already gone: either way nothing to tidy.
            }
        }
    }

    @Override
    public void checkWritable(String key) throws IOException {
        writableFile(key);
    }

    private static boolean isState(String key) {
        return key.startsWith(STATE_PREFIX);
    }

    private static boolean isBookkeeping(String key) {
        return key.startsWith(MetaLogs.DIR) || key.startsWith(META_DIR) || key.startsWith(TMP_DIR);
    }

    /** {@link #fileFor} for a key about to be written: the metadata and temp directories are the store's own. */
    private Path writableFile(String key) throws IOException {
        if (isBookkeeping(key)) {
            throw new IOException("invalid key \"" + key + "\": " + MetaLogs.DIR + ", " + META_DIR + " and "
                    + TMP_DIR + " are reserved for the store's own bookkeeping");
        }
        Path p = pathOf(key);
        if (verified.contains(MetaLogs.parent(key))) {
            refuseLinkAtEnd(key, p);
        } else {
            refuseLinks(key, p);
        }
        return p;
    }

    private Path newTemp() {
        return tempFolders[TEMP_FOLDER.get()].resolve(TEMP_PREFIX + TEMP_COUNTER.incrementAndGet());
    }

    private Path writeTemp(Payload body) throws IOException {
        Path tmp = newTemp();
        if (body.file() != null) {
            Files.copy(body.file(), tmp);
        } else {
            try (InputStream in = body.open(); OutputStream out = Files.newOutputStream(tmp)) {
                in.transferTo(out);
            }
        }
        return tmp;
    }

    /**
     * Records {@code meta} for {@code src}, then renames {@code src} onto {@code key}'s file, replacing it atomically:
     * the record is in the log before the file takes the key (see the class comment). {@code src} is left alone on
     * failure: it is a temp file the caller removes, or the object a move started from.
     */
    private void placeWithMeta(Path src, String key, Path dest, ObjectMeta meta) throws IOException {
        boolean replaces = prepareDestination(key, dest);
        StoredFile f = StoredFile.of(src);
        if (f == null) {
            throw new NoSuchFileException(src.toString());
        }
        logs.record(key, f, meta, replaces);
        try {
            Files.move(src, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // A copy across file systems makes a new inode: describe it too (no longer atomic, as the move is not).
            Files.move(src, dest, StandardCopyOption.REPLACE_EXISTING);
            logs.record(key, StoredFile.of(dest), meta, true);
        }
        legacy.forget(key);
    }

    /**
     * Makes {@code dest}'s folder (once per folder: {@link VerifiedFolders}) and fails when a directory has its name;
     * returns whether a file is there now, whose record the new one supersedes. {@link #writableFile} has refused
     * links on the way to {@code dest} before.
     */
    private boolean prepareDestination(String key, Path dest) throws IOException {
        String folder = MetaLogs.parent(key);
        if (!verified.contains(folder)) {
            checkPlaceable(dest);
            Files.createDirectories(dest.getParent());
            verified.add(folder);
        }
        java.io.File f = dest.toFile();
        if (!f.exists()) {
            return false;
        }
        if (f.isDirectory()) {
            throw new IOException("cannot store \"" + root.relativize(dest) + "\": a directory has that name");
        }
        return true;
    }

    /** Fails when a file stands where {@code dest} needs a directory, or a directory has its name. */
    private void checkPlaceable(Path dest) throws IOException {
        Path parent = dest.getParent();
        if (Files.exists(parent) && !Files.isDirectory(parent)) {
            throw new IOException("cannot store \"" + root.relativize(dest) + "\": \"" + root.relativize(parent)
                    + "\" is already a file (the origin serves both a file and a directory under that name)");
        }
        if (Files.isDirectory(dest)) {
            throw new IOException("cannot store \"" + root.relativize(dest) + "\": a directory has that name");
        }
    }

    @Override
    public void put(String key, Payload body, ObjectMeta meta) throws IOException {
        Path dest = writableFile(key);
        Path tmp = writeTemp(body);
        boolean placed = false;
        try {
            placeWithMeta(tmp, key, dest, meta.toBuilder().md5(body.md5Hex()).build());
            placed = true;
        } finally {
            if (!placed) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Streams the state file straight into the store's own temp file, then renames it into place as {@link #put} does. */
    @Override
    public void putState(String key, Payload.Writer body, String contentType) throws IOException {
        Path dest = writableFile(key);
        Path tmp = newTemp();
        try {
            Payload written = Payload.write(tmp, body);
            placeWithMeta(tmp, key, dest, ObjectStore.stateMeta(contentType).toBuilder().md5(written.md5Hex()).build());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public boolean putIfAbsent(String key, Payload body, ObjectMeta meta) throws IOException {
        Path dest = writableFile(key);
        Files.createDirectories(dest.getParent());
        Path tmp = writeTemp(body);
        try {
            // The link shares the temp file's inode, so its record is written first, as for a rename.
            logs.record(key, StoredFile.of(tmp), meta.toBuilder().md5(body.md5Hex()).build(), false);
            // A hard link fails atomically if the name exists: the local twin of x-oss-forbid-overwrite.
            Files.createLink(dest, tmp);
        } catch (FileAlreadyExistsException e) {
            logs.superseded(key); // the record describes no file
            return false;
        } finally {
            Files.deleteIfExists(tmp);
        }
        legacy.forget(key);
        return true;
    }

    /**
     * Server-side copy: the bytes are copied to a temp file (a new inode, so the copy gets its own, current
     * modification time, which {@link #head} reports as Last-Modified), the source's metadata is recorded for it,
     * then it is renamed into place. A hard link would be cheaper, but it shares the inode's modification time with the
     * source: an object copied back from an older version would keep that older Last-Modified, and a CDN
     * revalidating with If-Modified-Since would be told its newer, wrong copy is still current.
     */
    @Override
    public boolean copy(String fromKey, String toKey) throws IOException {
        Path from = fileFor(fromKey);
        Path to = writableFile(toKey);
        if (!Files.isRegularFile(from)) {
            return false;
        }
        checkPlaceable(to);
        Path tmp = newTemp();
        try {
            ObjectMeta meta;
            try {
                meta = copyBytes(fromKey, from, tmp);
            } catch (NoSuchFileException e) {
                if (Files.exists(from)) {
                    throw e;
                }
                return false; // deleted since we looked
            }
            placeWithMeta(tmp, toKey, to, meta);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return true;
    }

    /**
     * Copies {@code from}'s bytes to {@code tmp} and returns their metadata. The bytes come from the file that was
     * at the key when its metadata was read (the same inode before and after opening it): a put replacing the source
     * meanwhile must not give the copy new bytes with old headers.
     */
    private ObjectMeta copyBytes(String fromKey, Path from, Path tmp) throws IOException {
        for (int attempt = 0; attempt < 10; attempt++) {
            StoredFile before = StoredFile.of(from);
            if (before == null) {
                throw new NoSuchFileException(from.toString());
            }
            ObjectMeta.Builder b = ObjectMeta.builder();
            readMeta(fromKey, before, b);
            try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ)) {
                StoredFile opened = StoredFile.of(from);
                if (opened == null || opened.inode != before.inode) {
                    continue; // replaced between the two looks: read its metadata again
                }
                try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    long size = in.size();
                    long pos = 0;
                    while (pos < size) {
                        long n = in.transferTo(pos, size - pos, out);
                        if (n <= 0) {
                            break;
                        }
                        pos += n;
                    }
                }
            }
            return b.build();
        }
        throw new IOException("cannot copy \"" + fromKey + "\": it is being replaced again and again");
    }

    /**
     * A rename, so the bytes at {@code toKey} switch atomically. The source is touched first so the moved object's
     * Last-Modified is the time of the move, as with OSS's copy and delete (see {@link #copy}); touching it in
     * place is safe because no other name shares its inode (every write makes a new file).
     */
    @Override
    public boolean move(String fromKey, String toKey) throws IOException {
        Path from = fileFor(fromKey);
        Path to = writableFile(toKey);
        if (!Files.isRegularFile(from)) {
            return false;
        }
        if (from.equals(to)) {
            return true;
        }
        checkPlaceable(to);
        try {
            Files.setLastModifiedTime(from, FileTime.fromMillis(System.currentTimeMillis()));
            placeWithMeta(from, toKey, to, storedMeta(fromKey, from));
            logs.superseded(fromKey);
        } catch (NoSuchFileException e) {
            if (Files.exists(from)) {
                throw e;
            }
            return false;
        }
        legacy.forget(fromKey);
        return true;
    }

    /**
     * The metadata {@code key}'s file {@code f} carries to a copy or move: its headers, MD5 and user metadata, or
     * none when it has none (a file put there by hand), so that stale headers never describe the new bytes.
     */
    private ObjectMeta storedMeta(String key, Path f) throws IOException {
        StoredFile sf = StoredFile.of(f);
        if (sf == null) {
            throw new NoSuchFileException(f.toString());
        }
        ObjectMeta.Builder b = ObjectMeta.builder();
        readMeta(key, sf, b);
        return b.build();
    }

    @Override
    public Optional<ObjectMeta> head(String key) throws IOException {
        StoredFile f = StoredFile.of(fileFor(key));
        if (f == null) {
            return Optional.empty();
        }
        // Visibility follows the key, not the record: state is never served, whatever it was written with.
        ObjectMeta.Builder b = ObjectMeta.builder().lastModifiedMillis(f.modifiedMillis).privateAcl(isState(key));
        readMeta(key, f, b);
        return Optional.of(b.size(f.size).build());
    }

    /** Sets on {@code b} what the record (or an older target's sidecar) of {@code key}'s file {@code f} says. */
    private void readMeta(String key, StoredFile f, ObjectMeta.Builder b) throws IOException {
        JsonObject o = logs.find(key, f);
        if (o == null) {
            legacy.read(key, f.size, b);
            return;
        }
        try {
            MetaJson.read(o, f.size, b);
        } catch (IllegalStateException | UnsupportedOperationException e) {
            // A damaged record only loses headers; the bytes are still served.
        }
    }

    @Override
    public Optional<InputStream> get(String key) throws IOException {
        Path f = fileFor(key);
        try {
            if (!Files.isRegularFile(f)) {
                return Optional.empty();
            }
            return Optional.of(Files.newInputStream(f));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String key) throws IOException {
        // The record stays until its log is compacted; it describes no file now.
        if (Files.deleteIfExists(writableFile(key))) {
            logs.superseded(key);
        }
        legacy.forget(key);
    }

    @Override
    public void list(String prefix, Consumer<String> keys) throws IOException {
        boolean wantState = prefix.startsWith(STATE_PREFIX);
        Path start = root;
        int slash = prefix.lastIndexOf('/');
        if (slash > 0) {
            start = root.resolve(prefix.substring(0, slash));
        }
        if (!Files.isDirectory(start)) {
            return;
        }
        try (Stream<Path> files = Files.walk(start)) {
            files.filter(Files::isRegularFile).forEach(p -> {
                String key = root.relativize(p).toString().replace('\\', '/');
                if (!key.startsWith(prefix)) {
                    return;
                }
                if (isBookkeeping(key)) {
                    return;
                }
                if (!wantState && isState(key)) {
                    return;
                }
                keys.accept(key);
            });
        }
    }
}
