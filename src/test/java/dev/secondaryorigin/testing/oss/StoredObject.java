package dev.secondaryorigin.testing.oss;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One object in an emulated bucket: bytes, the headers OSS keeps, user metadata, ACL, ETag. Immutable. */
public final class StoredObject {
    private final Blob body;
    private final Map<String, String> headers;
    private final Map<String, String> userMeta;
    private final String acl;
    private final String etag;
    private final long lastModifiedMillis;
    private final boolean multipart;

    StoredObject(Blob body, Map<String, String> headers, Map<String, String> userMeta, String acl, String etag,
                 long lastModifiedMillis, boolean multipart) {
        this.body = body;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        this.userMeta = Collections.unmodifiableMap(new LinkedHashMap<>(userMeta));
        this.acl = acl;
        this.etag = etag;
        this.lastModifiedMillis = lastModifiedMillis;
        this.multipart = multipart;
    }

    Blob body() {
        return body;
    }

    public long size() {
        return body.length();
    }

    /** Kept standard headers by canonical name (Content-Type, Cache-Control, ...). */
    public Map<String, String> headers() {
        return headers;
    }

    /** x-oss-meta-* by lower-case name without the prefix, values as sent on the wire. */
    public Map<String, String> userMeta() {
        return userMeta;
    }

    /** {@code default}, {@code private}, {@code public-read} or {@code public-read-write}. */
    public String acl() {
        return acl;
    }

    /** Upper-case hex, without quotes. */
    public String etag() {
        return etag;
    }

    public long lastModifiedMillis() {
        return lastModifiedMillis;
    }

    public boolean multipart() {
        return multipart;
    }

    /** The bytes; for tests on small objects. */
    public byte[] bytes() {
        return body.toByteArray();
    }
}
