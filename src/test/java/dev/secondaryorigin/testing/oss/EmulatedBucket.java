package dev.secondaryorigin.testing.oss;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** A bucket held in memory: objects in key order, uploads in progress, and bucket settings. */
public final class EmulatedBucket {
    private final String name;
    final ConcurrentSkipListMap<String, StoredObject> objects = new ConcurrentSkipListMap<>();
    final Map<String, MultipartUpload> uploads = new ConcurrentHashMap<>();
    private volatile boolean publicRead;
    private volatile WebsiteConfig website;
    private volatile String versioning;

    EmulatedBucket(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Makes anonymous GETs work (bucket ACL public-read), the way a CDN's back-to-origin request reads a bucket. */
    public EmulatedBucket publicRead(boolean on) {
        publicRead = on;
        return this;
    }

    public boolean isPublicRead() {
        return publicRead;
    }

    public Optional<StoredObject> object(String key) {
        return Optional.ofNullable(objects.get(key));
    }

    public List<String> keys() {
        return new ArrayList<>(objects.keySet());
    }

    public int uploadsInProgress() {
        return uploads.size();
    }

    public Optional<WebsiteConfig> website() {
        return Optional.ofNullable(website);
    }

    public EmulatedBucket website(WebsiteConfig w) {
        website = w;
        return this;
    }

    /** "Enabled", "Suspended", or null when never set. */
    public String versioning() {
        return versioning;
    }

    void versioning(String status) {
        versioning = status;
    }

    /** Atomically stores {@code o}; with {@code forbidOverwrite}, only when the key is free. */
    boolean store(String key, StoredObject o, boolean forbidOverwrite) {
        if (forbidOverwrite) {
            return objects.putIfAbsent(key, o) == null;
        }
        objects.put(key, o);
        return true;
    }
}
