package dev.secondaryorigin.store;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The embedded default store: a directory laid out so any static web server could serve it.
 * Object {@code a/b.css} is the file {@code DIR/a/b.css}; its metadata is a JSON sidecar under
 * {@code DIR/.secondary-origin/.meta/} (state keys, which live under {@code DIR/.secondary-origin/} too, have
 * theirs at {@code .meta/.secondary-origin/...}). Writes go to a temp file in the same file system and are renamed
 * into place; no file is ever written in place.
 */
public final class LocalStore implements ObjectStore {
    private static final Gson GSON = new Gson();
    private static final String META_DIR = STATE_PREFIX + ".meta/";
    private static final String TMP_DIR = STATE_PREFIX + ".tmp/";

    /** Unique per process (pid and start time) and per write, without SecureRandom's lock. */
    private static final String TEMP_PREFIX = ProcessHandle.current().pid() + "-" + System.nanoTime() + "-";
    private static final java.util.concurrent.atomic.AtomicLong TEMP_COUNTER = new java.util.concurrent.atomic.AtomicLong();

    private final Path root;

    public LocalStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        Files.createDirectories(this.root.resolve(TMP_DIR));
        removeStaleTemps();
    }

    /** Temp files a killed writer left behind (older than an hour, so never one being written now). */
    private void removeStaleTemps() {
        long cutoff = System.currentTimeMillis() - 3_600_000L;
        try (Stream<Path> files = Files.list(root.resolve(TMP_DIR))) {
            files.forEach(p -> {
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
        refuseLinks(key, p);
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
        if (prefix.endsWith("/") && prefix.length() > 1) {
            String folder = prefix.substring(0, prefix.length() - 1);
            removeEmptyFolders(fileFor(folder));
            removeEmptyFolders(fileFor(META_DIR + folder));
        }
        return n;
    }

    private static void removeEmptyFolders(Path dir) throws IOException {
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

    private Path metaFile(String key) throws IOException {
        return fileFor(META_DIR + key + ".json");
    }

    private static boolean isState(String key) {
        return key.startsWith(STATE_PREFIX);
    }

    /** {@link #fileFor} for a key about to be written: the sidecar and temp directories are the store's own. */
    private Path writableFile(String key) throws IOException {
        if (key.startsWith(META_DIR) || key.startsWith(TMP_DIR)) {
            throw new IOException("invalid key \"" + key + "\": " + META_DIR + " and " + TMP_DIR
                    + " are reserved for the store's own bookkeeping");
        }
        return fileFor(key);
    }

    private Path newTemp() {
        return root.resolve(TMP_DIR).resolve(TEMP_PREFIX + TEMP_COUNTER.incrementAndGet());
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
     * Renames {@code src} onto {@code dest}, replacing it atomically. {@code src} is left alone on failure: it is a
     * temp file the caller removes, or the object a move started from.
     */
    private void moveIntoPlace(Path src, Path dest) throws IOException {
        checkPlaceable(dest);
        Files.createDirectories(dest.getParent());
        try {
            Files.move(src, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(src, dest, StandardCopyOption.REPLACE_EXISTING);
        }
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
        try {
            moveIntoPlace(tmp, dest);
        } finally {
            Files.deleteIfExists(tmp);
        }
        writeMeta(key, meta.toBuilder().size(body.length()).md5(body.md5Hex()).build());
    }

    @Override
    public boolean putIfAbsent(String key, Payload body, ObjectMeta meta) throws IOException {
        Path dest = writableFile(key);
        Files.createDirectories(dest.getParent());
        Path tmp = writeTemp(body);
        try {
            // A hard link fails atomically if the name exists: the local twin of x-oss-forbid-overwrite.
            Files.createLink(dest, tmp);
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(tmp);
        }
        writeMeta(key, meta.toBuilder().size(body.length()).md5(body.md5Hex()).build());
        return true;
    }

    private void writeMeta(String key, ObjectMeta meta) throws IOException {
        JsonObject o = new JsonObject();
        for (Map.Entry<String, String> h : meta.httpHeaders().entrySet()) {
            o.addProperty(h.getKey(), h.getValue());
        }
        o.addProperty("size", meta.size());
        if (meta.md5() != null) {
            o.addProperty("md5", meta.md5());
        }
        JsonObject user = new JsonObject();
        for (Map.Entry<String, String> e : meta.userMeta().entrySet()) {
            user.addProperty(e.getKey(), e.getValue());
        }
        o.add("meta", user);
        Path dest = metaFile(key);
        Path tmp = writeTemp(Payload.ofBytes(GSON.toJson(o).getBytes(StandardCharsets.UTF_8)));
        try {
            moveIntoPlace(tmp, dest);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Server-side copy: the bytes are copied to a temp file (a new inode, so the copy gets its own, current
     * modification time, which {@link #head} reports as Last-Modified), the sidecar is copied, then both are
     * renamed into place. A hard link would be cheaper, but it shares the inode's modification time with the
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
        checkPlaceable(to); // before the sidecar is touched
        Path tmp = newTemp();
        try {
            try {
                Files.copy(from, tmp);
            } catch (NoSuchFileException e) {
                if (Files.exists(from)) {
                    throw e;
                }
                return false; // deleted since we looked
            }
            copyMeta(fromKey, toKey);
            moveIntoPlace(tmp, to);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return true;
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
        checkPlaceable(to); // before the sidecar is touched
        try {
            Files.setLastModifiedTime(from, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (NoSuchFileException e) {
            return false;
        }
        copyMeta(fromKey, toKey);
        try {
            moveIntoPlace(from, to);
        } catch (NoSuchFileException e) {
            if (Files.exists(from)) {
                throw e;
            }
            return false;
        }
        Files.deleteIfExists(metaFile(fromKey));
        return true;
    }

    /**
     * Gives {@code toKey} a copy of {@code fromKey}'s sidecar, or none when the source has none (written before
     * state keys had sidecars), so stale headers never describe the new bytes. It runs before the bytes are
     * renamed: if the process dies in between, the source is still whole and a retried copy or move repairs the
     * target, where the other order would leave a moved object described by its predecessor's headers for good.
     */
    private void copyMeta(String fromKey, String toKey) throws IOException {
        Path dest = metaFile(toKey);
        Path tmp = newTemp();
        try {
            try {
                Files.copy(metaFile(fromKey), tmp);
            } catch (NoSuchFileException e) {
                Files.deleteIfExists(dest);
                return;
            }
            moveIntoPlace(tmp, dest);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public Optional<ObjectMeta> head(String key) throws IOException {
        Path f = fileFor(key);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        long size = Files.size(f);
        long mtime = Files.getLastModifiedTime(f).toMillis();
        // Visibility follows the key, not the sidecar: state is never served, whatever it was written with.
        ObjectMeta.Builder b = ObjectMeta.builder().size(size).lastModifiedMillis(mtime).privateAcl(isState(key));
        Path m = metaFile(key);
        if (Files.isRegularFile(m)) {
            try {
                readMeta(m, size, b);
            } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
                // A damaged sidecar only loses headers; the bytes are still served.
            } catch (NoSuchFileException e) {
                // Deleted since we looked: answered without headers, as an object is between its bytes and sidecar.
            }
        }
        return Optional.of(b.build());
    }

    private static void readMeta(Path sidecar, long size, ObjectMeta.Builder b) throws IOException {
        JsonObject o = GSON.fromJson(new String(Files.readAllBytes(sidecar), StandardCharsets.UTF_8), JsonObject.class);
        for (String h : new String[]{"Content-Type", "Cache-Control", "Content-Encoding",
                "Content-Language", "Content-Disposition", "Expires"}) {
            if (o.has(h)) {
                b.header(h, o.get(h).getAsString());
            }
        }
        if (o.has("md5") && o.has("size") && o.get("size").getAsLong() == size) {
            b.md5(o.get("md5").getAsString());
        }
        if (o.has("meta")) {
            for (Map.Entry<String, com.google.gson.JsonElement> e : o.getAsJsonObject("meta").entrySet()) {
                b.userMeta(e.getKey(), e.getValue().getAsString());
            }
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
        Files.deleteIfExists(writableFile(key));
        Files.deleteIfExists(metaFile(key));
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
                if (key.startsWith(META_DIR) || key.startsWith(TMP_DIR)) {
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
