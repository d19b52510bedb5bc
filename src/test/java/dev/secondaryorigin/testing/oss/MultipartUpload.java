package dev.secondaryorigin.testing.oss;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** An upload between Initiate and Complete/Abort: what Initiate said about the object, and the parts so far. */
final class MultipartUpload {
    static final class Part {
        final byte[] data;
        final String etag;
        final byte[] md5;

        Part(byte[] data, String etag, byte[] md5) {
            this.data = data;
            this.etag = etag;
            this.md5 = md5;
        }
    }

    final String id;
    final String key;
    final Map<String, String> headers;
    final Map<String, String> userMeta;
    final String acl;
    final ConcurrentSkipListMap<Integer, Part> parts = new ConcurrentSkipListMap<>();

    MultipartUpload(String id, String key, Map<String, String> headers, Map<String, String> userMeta, String acl) {
        this.id = id;
        this.key = key;
        this.headers = headers;
        this.userMeta = userMeta;
        this.acl = acl;
    }
}
