package dev.secondaryorigin.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a store keeps beside an object's bytes: the origin's response headers that a CDN must see again
 * (Content-Type, Cache-Control, ...), the size and MD5 of the bytes, user metadata (origin validators,
 * source URL) and whether the object must never be served publicly.
 */
public final class ObjectMeta {
    /** User-metadata names (stored as x-oss-meta-* in OSS). */
    public static final String ORIGIN_ETAG = "origin-etag";
    public static final String ORIGIN_LAST_MODIFIED = "origin-last-modified";
    public static final String SOURCE_URL = "source-url";
    public static final String MD5 = "md5";

    private final String contentType;
    private final String cacheControl;
    private final String contentEncoding;
    private final String contentLanguage;
    private final String contentDisposition;
    private final String expires;
    private final long size;
    private final String md5;
    private final long lastModifiedMillis;
    private final boolean privateAcl;
    private final Map<String, String> userMeta;

    private ObjectMeta(Builder b) {
        contentType = b.contentType;
        cacheControl = b.cacheControl;
        contentEncoding = b.contentEncoding;
        contentLanguage = b.contentLanguage;
        contentDisposition = b.contentDisposition;
        expires = b.expires;
        size = b.size;
        md5 = b.md5;
        lastModifiedMillis = b.lastModifiedMillis;
        privateAcl = b.privateAcl;
        userMeta = Collections.unmodifiableMap(new LinkedHashMap<>(b.userMeta));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.contentType = contentType;
        b.cacheControl = cacheControl;
        b.contentEncoding = contentEncoding;
        b.contentLanguage = contentLanguage;
        b.contentDisposition = contentDisposition;
        b.expires = expires;
        b.size = size;
        b.md5 = md5;
        b.lastModifiedMillis = lastModifiedMillis;
        b.privateAcl = privateAcl;
        b.userMeta.putAll(userMeta);
        return b;
    }

    public String contentType() {
        return contentType;
    }

    public String cacheControl() {
        return cacheControl;
    }

    public String contentEncoding() {
        return contentEncoding;
    }

    public String contentLanguage() {
        return contentLanguage;
    }

    public String contentDisposition() {
        return contentDisposition;
    }

    public String expires() {
        return expires;
    }

    /** Size in bytes, or -1 when unknown. */
    public long size() {
        return size;
    }

    /** Lower-case hex MD5 of the bytes, or null when unknown. */
    public String md5() {
        return md5;
    }

    /** When the store last wrote the object (epoch millis), or 0 when unknown. */
    public long lastModifiedMillis() {
        return lastModifiedMillis;
    }

    public boolean privateAcl() {
        return privateAcl;
    }

    public Map<String, String> userMeta() {
        return userMeta;
    }

    /** The kept HTTP headers in canonical spelling, nulls left out. */
    public Map<String, String> httpHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        putIf(h, "Content-Type", contentType);
        putIf(h, "Cache-Control", cacheControl);
        putIf(h, "Content-Encoding", contentEncoding);
        putIf(h, "Content-Language", contentLanguage);
        putIf(h, "Content-Disposition", contentDisposition);
        putIf(h, "Expires", expires);
        return h;
    }

    private static void putIf(Map<String, String> h, String k, String v) {
        if (v != null) {
            h.put(k, v);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ObjectMeta)) {
            return false;
        }
        ObjectMeta m = (ObjectMeta) o;
        return size == m.size && privateAcl == m.privateAcl && Objects.equals(md5, m.md5)
                && httpHeaders().equals(m.httpHeaders()) && userMeta.equals(m.userMeta);
    }

    @Override
    public int hashCode() {
        return Objects.hash(md5, size, contentType);
    }

    @Override
    public String toString() {
        return "ObjectMeta{size=" + size + ", md5=" + md5 + ", headers=" + httpHeaders() + ", meta=" + userMeta + "}";
    }

    /** Options-heavy, so a builder. */
    public static final class Builder {
        private String contentType;
        private String cacheControl;
        private String contentEncoding;
        private String contentLanguage;
        private String contentDisposition;
        private String expires;
        private long size = -1;
        private String md5;
        private long lastModifiedMillis;
        private boolean privateAcl;
        private final Map<String, String> userMeta = new LinkedHashMap<>();

        public Builder contentType(String v) {
            contentType = v;
            return this;
        }

        public Builder cacheControl(String v) {
            cacheControl = v;
            return this;
        }

        public Builder contentEncoding(String v) {
            contentEncoding = v;
            return this;
        }

        public Builder contentLanguage(String v) {
            contentLanguage = v;
            return this;
        }

        public Builder contentDisposition(String v) {
            contentDisposition = v;
            return this;
        }

        public Builder expires(String v) {
            expires = v;
            return this;
        }

        public Builder size(long v) {
            size = v;
            return this;
        }

        public Builder md5(String v) {
            md5 = v;
            return this;
        }

        public Builder lastModifiedMillis(long v) {
            lastModifiedMillis = v;
            return this;
        }

        public Builder privateAcl(boolean v) {
            privateAcl = v;
            return this;
        }

        public Builder userMeta(String k, String v) {
            if (v == null) {
                userMeta.remove(k);
            } else {
                userMeta.put(k, v);
            }
            return this;
        }

        /** Sets a kept header by its HTTP name (case-insensitive); unknown names are ignored. */
        public Builder header(String name, String value) {
            switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "content-type": return contentType(value);
                case "cache-control": return cacheControl(value);
                case "content-encoding": return contentEncoding(value);
                case "content-language": return contentLanguage(value);
                case "content-disposition": return contentDisposition(value);
                case "expires": return expires(value);
                default: return this;
            }
        }

        public ObjectMeta build() {
            return new ObjectMeta(this);
        }
    }
}
