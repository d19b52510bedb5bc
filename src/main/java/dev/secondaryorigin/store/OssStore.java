package dev.secondaryorigin.store;

import com.aliyun.oss.ClientException;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.AbortMultipartUploadRequest;
import com.aliyun.oss.model.CannedAccessControlList;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.CopyObjectRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ListObjectsV2Request;
import com.aliyun.oss.model.ListObjectsV2Result;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.OSSObjectSummary;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.PutObjectRequest;
import com.aliyun.oss.model.UploadPartCopyRequest;
import com.aliyun.oss.model.UploadPartRequest;
import dev.secondaryorigin.credentials.CloudCredentials;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An OSS bucket (under an optional key prefix) as an {@link ObjectStore}, through aliyun-sdk-oss with V4 signatures.
 *
 * <p>Objects carry the origin's kept headers as their own HTTP headers and the validators, MD5 and source URL as
 * {@code x-oss-meta-*}. Every upload sends Content-MD5. Objects at or above the multipart threshold go up in parts
 * streamed from the payload, and a failed multipart upload is aborted. Passing failures (5xx, SlowDown, resets) are
 * retried with backoff; a failed put never touches the previous object. Copies stay inside the bucket (CopyObject,
 * or UploadPartCopy for sources of {@link #COPY_OBJECT_LIMIT} and more): no byte goes through this process.
 */
public final class OssStore implements ObjectStore {
    /** Part size for multipart uploads; grows for huge objects to stay within OSS's 10 000 parts. */
    public static final long DEFAULT_PART_SIZE = 8L << 20;
    private static final long MAX_PARTS = 10_000;
    /**
     * Largest source copied with one CopyObject. OSS documented CopyObject for objects under 1 GB, and
     * UploadPartCopy beyond; newer documentation lifts the limit within one bucket, but parts work either way.
     */
    public static final long COPY_OBJECT_LIMIT = 1L << 30;

    private final OSS client;
    private final OssTarget target;
    private final String accessKeyId;
    private final long multipartThreshold;
    private final long partSize;
    private final RetryPolicy retry;
    private final long copyObjectLimit;

    public OssStore(OssTarget target, CloudCredentials credentials, long multipartThreshold) {
        this(target, credentials, multipartThreshold, DEFAULT_PART_SIZE, RetryPolicy.DEFAULT);
    }

    public OssStore(OssTarget target, CloudCredentials credentials, long multipartThreshold, long partSize,
                    RetryPolicy retry) {
        this(target, credentials, multipartThreshold, partSize, retry, COPY_OBJECT_LIMIT);
    }

    /** With a lower {@code copyObjectLimit}, so tests can exercise multipart copies without gigabytes. */
    OssStore(OssTarget target, CloudCredentials credentials, long multipartThreshold, long partSize,
             RetryPolicy retry, long copyObjectLimit) {
        if (partSize < (100L << 10)) {
            throw new IllegalArgumentException("OSS parts are at least 100 KiB");
        }
        this.target = target;
        this.accessKeyId = credentials.accessKeyId();
        this.multipartThreshold = multipartThreshold;
        this.partSize = partSize;
        this.retry = retry;
        this.copyObjectLimit = copyObjectLimit;
        this.client = OssClients.create(target, credentials);
        // A process killed mid-save left its temp file; the disk of an FC instance is small and outlives it.
        StateTempFiles.removeLeftovers();
    }

    public OssTarget target() {
        return target;
    }

    @Override
    public String describe() {
        return target.describe();
    }

    private String fullKey(String key) throws IOException {
        if (key == null || key.isEmpty() || key.startsWith("/")) {
            throw new IOException("invalid key \"" + key + "\"");
        }
        String k = target.keyPrefix() + key;
        if (k.getBytes(StandardCharsets.UTF_8).length > 1023) {
            throw new IOException("key too long for OSS (over 1023 bytes with the prefix): \"" + key + "\"");
        }
        return k;
    }

    private static boolean isState(String key) {
        return key.startsWith(STATE_PREFIX);
    }

    /** One SDK call, retried while it fails for a passing reason. */
    private interface SdkCall<T> {
        T run(int attempt) throws IOException;
    }

    private <T> T call(String what, SdkCall<T> c) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return c.run(attempt);
            } catch (OSSException | ClientException e) {
                if (attempt >= retry.attempts() || !OssErrors.isRetryable(e)) {
                    throw OssErrors.explain(e, what, target.bucket(), accessKeyId);
                }
                retry.pauseAfter(attempt);
            }
        }
    }

    @Override
    public void put(String key, Payload body, ObjectMeta meta) throws IOException {
        String k = fullKey(key);
        if (body.length() >= multipartThreshold) {
            putMultipart(k, body, meta);
            return;
        }
        call("put " + k, attempt -> {
            try (InputStream in = body.open()) {
                client.putObject(new PutObjectRequest(target.bucket(), k, in, objectMetadata(meta, body, true)));
            }
            return null;
        });
    }

    @Override
    public boolean putIfAbsent(String key, Payload body, ObjectMeta meta) throws IOException {
        String k = fullKey(key);
        try {
            call("create " + k, attempt -> {
                ObjectMetadata om = objectMetadata(meta, body, true);
                om.setHeader("x-oss-forbid-overwrite", "true");
                try (InputStream in = body.open()) {
                    client.putObject(new PutObjectRequest(target.bucket(), k, in, om));
                } catch (OSSException e) {
                    if (attempt > 1 && OssErrors.hasCode(e, "FileAlreadyExists") && isOurs(key, body)) {
                        // An earlier attempt got through but its answer was lost.
                        return null;
                    }
                    throw e;
                }
                return null;
            });
            return true;
        } catch (IOException e) {
            if (e.getCause() instanceof OSSException && OssErrors.hasCode((OSSException) e.getCause(), "FileAlreadyExists")) {
                return false;
            }
            throw e;
        }
    }

    private boolean isOurs(String key, Payload body) throws IOException {
        Optional<ObjectMeta> m = head(key);
        return m.isPresent() && body.md5Hex().equals(m.get().md5()) && m.get().size() == body.length();
    }

    private ObjectMetadata objectMetadata(ObjectMeta meta, Payload body, boolean whole) {
        ObjectMetadata om = objectMetadata(meta, body.md5Hex());
        if (whole) {
            om.setContentLength(body.length());
            om.setContentMD5(Md5.base64(body.md5Hex()));
        }
        return om;
    }

    /** Headers, user metadata, MD5 (may be null) and ACL of an object, without the request's length and digest. */
    private static ObjectMetadata objectMetadata(ObjectMeta meta, String md5Hex) {
        ObjectMetadata om = new ObjectMetadata();
        if (meta.contentType() != null) {
            om.setContentType(meta.contentType());
        }
        if (meta.cacheControl() != null) {
            om.setCacheControl(meta.cacheControl());
        }
        if (meta.contentEncoding() != null) {
            om.setContentEncoding(meta.contentEncoding());
        }
        if (meta.contentDisposition() != null) {
            om.setContentDisposition(meta.contentDisposition());
        }
        if (meta.contentLanguage() != null) {
            om.setHeader("Content-Language", meta.contentLanguage());
        }
        if (meta.expires() != null) {
            om.setHeader("Expires", meta.expires());
        }
        for (Map.Entry<String, String> e : meta.userMeta().entrySet()) {
            om.addUserMetadata(e.getKey().toLowerCase(Locale.ROOT), MetaValues.encode(e.getValue()));
        }
        // A multipart object's ETag is not its MD5, so the MD5 always travels as metadata.
        if (md5Hex != null) {
            om.addUserMetadata(ObjectMeta.MD5, md5Hex);
        }
        if (meta.privateAcl()) {
            om.setObjectAcl(CannedAccessControlList.Private);
        }
        return om;
    }

    private long partSizeFor(long length) {
        long min = (length + MAX_PARTS - 1) / MAX_PARTS;
        return Math.max(partSize, min);
    }

    private void putMultipart(String k, Payload body, ObjectMeta meta) throws IOException {
        String what = "put " + k + " (multipart)";
        String uploadId = call(what, attempt -> client.initiateMultipartUpload(
                new InitiateMultipartUploadRequest(target.bucket(), k, objectMetadata(meta, body, false))).getUploadId());
        boolean done = false;
        try {
            List<PartETag> parts = new ArrayList<>();
            long size = partSizeFor(body.length());
            int number = 1;
            for (long offset = 0; offset < body.length(); offset += size, number++) {
                long len = Math.min(size, body.length() - offset);
                String md5 = Md5.base64(rangeMd5(body, offset, len));
                long off = offset;
                int n = number;
                parts.add(call("upload part " + n + " of " + k, attempt -> {
                    try (InputStream in = openRange(body, off, len)) {
                        UploadPartRequest r = new UploadPartRequest(target.bucket(), k, uploadId, n, in, len);
                        r.setMd5Digest(md5);
                        return client.uploadPart(r).getPartETag();
                    }
                }));
            }
            call("complete " + what, attempt -> {
                try {
                    client.completeMultipartUpload(new CompleteMultipartUploadRequest(target.bucket(), k, uploadId, parts));
                } catch (OSSException e) {
                    if (attempt > 1 && OssErrors.hasCode(e, "NoSuchUpload")
                            && isOurs(k.substring(target.keyPrefix().length()), body)) {
                        return null; // an earlier attempt completed it, only the answer was lost
                    }
                    throw e;
                }
                return null;
            });
            done = true;
        } finally {
            if (!done) {
                abortQuietly(k, uploadId);
            }
        }
    }

    private void abortQuietly(String k, String uploadId) {
        try {
            call("abort multipart upload of " + k, attempt -> {
                client.abortMultipartUpload(new AbortMultipartUploadRequest(target.bucket(), k, uploadId));
                return null;
            });
        } catch (IOException e) {
            // The bucket's lifecycle rule (or the next pass) cleans up; the original failure matters more.
        }
    }

    private static InputStream openRange(Payload body, long offset, long length) throws IOException {
        if (body.bytes() != null) {
            return new ByteArrayInputStream(body.bytes(), (int) offset, (int) length);
        }
        FileChannel ch = FileChannel.open(body.file(), StandardOpenOption.READ);
        try {
            ch.position(offset);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return new Bounded(Channels.newInputStream(ch), length);
    }

    private static String rangeMd5(Payload body, long offset, long length) throws IOException {
        MessageDigest d = Md5.newDigest();
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = openRange(body, offset, length)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
        }
        return Md5.hex(d.digest());
    }

    /** Reads at most {@code remaining} bytes of a stream, so a part never runs into the next one. */
    private static final class Bounded extends FilterInputStream {
        private long remaining;

        Bounded(InputStream in, long limit) {
            super(in);
            remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(Math.min(n, remaining));
            remaining -= s;
            return s;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), remaining);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    /**
     * Copies inside the bucket. The source's headers and user metadata go along (metadata directive COPY), but
     * not its ACL: OSS gives a copy the ACL the request names, else {@code default} (the bucket's), so it is
     * always named, private under the state prefix. Reads the source's metadata first: its size decides between
     * CopyObject and a multipart copy.
     */
    @Override
    public boolean copy(String fromKey, String toKey) throws IOException {
        String from = fullKey(fromKey);
        String to = fullKey(toKey);
        CannedAccessControlList acl = isState(toKey) ? CannedAccessControlList.Private : CannedAccessControlList.Default;
        // Most objects are far below CopyObject's limit: try it first and read the size only when it is refused,
        // which saves a HEAD per copy (publishing copies every changed object twice).
        try {
            copyObject(from, to, acl);
            return true;
        } catch (IOException e) {
            if (isMissing(e)) {
                return false;
            }
            Optional<ObjectMetadata> source = rawHead(from);
            if (!source.isPresent()) {
                return false;
            }
            if (source.get().getContentLength() < copyObjectLimit) {
                throw e;
            }
        }
        Optional<ObjectMetadata> source = rawHead(from);
        if (!source.isPresent()) {
            return false;
        }
        try {
            copyInParts(from, toKey, source.get(), acl);
            return true;
        } catch (IOException e) {
            if (isMissing(e)) {
                return false; // deleted since we read its metadata
            }
            throw e;
        }
    }

    private Optional<ObjectMetadata> rawHead(String k) throws IOException {
        try {
            return Optional.of(call("read metadata of " + k, attempt -> client.getObjectMetadata(target.bucket(), k)));
        } catch (IOException e) {
            if (isMissing(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private void copyObject(String from, String to, CannedAccessControlList acl) throws IOException {
        call("copy " + from + " to " + to, attempt -> {
            CopyObjectRequest r = new CopyObjectRequest(target.bucket(), from, target.bucket(), to);
            // Request headers rather than new metadata: the SDK turns new metadata into directive REPLACE.
            r.addHeader("x-oss-metadata-directive", "COPY");
            r.addHeader("x-oss-object-acl", acl.toString());
            client.copyObject(r);
            return null;
        });
    }

    /**
     * UploadPartCopy does not carry metadata, so the upload is initiated with the source's. Every part requires
     * the source's ETag: a source replaced halfway fails the copy instead of splicing two objects together.
     */
    private void copyInParts(String from, String toKey, ObjectMetadata source, CannedAccessControlList acl)
            throws IOException {
        String to = target.keyPrefix() + toKey;
        String what = "copy " + from + " to " + to + " (multipart)";
        ObjectMeta meta = toMeta(toKey, source);
        ObjectMetadata om = objectMetadata(meta, meta.md5());
        om.setObjectAcl(acl);
        String uploadId = call(what, attempt -> client.initiateMultipartUpload(
                new InitiateMultipartUploadRequest(target.bucket(), to, om)).getUploadId());
        boolean done = false;
        try {
            List<PartETag> parts = new ArrayList<>();
            long length = source.getContentLength();
            long size = copyPartSize(length);
            int number = 1;
            for (long offset = 0; offset < length; offset += size, number++) {
                long off = offset;
                long len = Math.min(size, length - offset);
                int n = number;
                parts.add(call("copy part " + n + " of " + what, attempt -> {
                    UploadPartCopyRequest r = new UploadPartCopyRequest(target.bucket(), from, target.bucket(), to,
                            uploadId, n, off, len);
                    r.setMatchingETagConstraints(Collections.singletonList(source.getETag()));
                    return client.uploadPartCopy(r).getPartETag();
                }));
            }
            call("complete " + what, attempt -> {
                try {
                    client.completeMultipartUpload(new CompleteMultipartUploadRequest(target.bucket(), to, uploadId, parts));
                } catch (OSSException e) {
                    if (attempt > 1 && OssErrors.hasCode(e, "NoSuchUpload") && isCopyOf(toKey, meta)) {
                        return null; // an earlier attempt completed it, only the answer was lost
                    }
                    throw e;
                }
                return null;
            });
            done = true;
        } finally {
            if (!done) {
                abortQuietly(to, uploadId);
            }
        }
    }

    /**
     * Server-side parts cost no upload, so they are large: an eighth of the single-copy limit (128 MiB by
     * default), more when the object would otherwise need over 10 000 parts.
     */
    private long copyPartSize(long length) {
        return Math.max(partSizeFor(length), copyObjectLimit / 8);
    }

    private boolean isCopyOf(String toKey, ObjectMeta source) throws IOException {
        Optional<ObjectMeta> m = head(toKey);
        return source.md5() != null && m.isPresent() && source.md5().equals(m.get().md5())
                && m.get().size() == source.size();
    }

    @Override
    public Optional<ObjectMeta> head(String key) throws IOException {
        String k = fullKey(key);
        ObjectMetadata om;
        try {
            om = call("read metadata of " + k, attempt -> client.getObjectMetadata(target.bucket(), k));
        } catch (IOException e) {
            if (isMissing(e)) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(toMeta(key, om));
    }

    private static boolean isMissing(IOException e) {
        return e.getCause() instanceof OSSException && OssErrors.hasCode((OSSException) e.getCause(), "NoSuchKey");
    }

    private ObjectMeta toMeta(String key, ObjectMetadata om) {
        ObjectMeta.Builder b = ObjectMeta.builder()
                .size(om.getContentLength())
                .privateAcl(isState(key))
                .contentType(om.getContentType())
                .cacheControl(om.getCacheControl())
                .contentEncoding(om.getContentEncoding())
                .contentDisposition(om.getContentDisposition());
        if (om.getLastModified() != null) {
            b.lastModifiedMillis(om.getLastModified().getTime());
        }
        for (Map.Entry<String, Object> h : om.getRawMetadata().entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("content-language") || name.equals("expires")) {
                Object v = h.getValue();
                b.header(name, v instanceof Date ? dev.secondaryorigin.task.HttpDate.format(((Date) v).toInstant()) : String.valueOf(v));
            }
        }
        if (om.getRawExpiresValue() != null) {
            b.expires(om.getRawExpiresValue());
        }
        String md5 = null;
        for (Map.Entry<String, String> e : om.getUserMetadata().entrySet()) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            if (name.equals(ObjectMeta.MD5)) {
                md5 = e.getValue();
            } else {
                b.userMeta(name, MetaValues.decode(e.getValue()));
            }
        }
        String etag = om.getETag();
        if (md5 == null && etag != null && etag.matches("[0-9A-Fa-f]{32}")) {
            md5 = etag.toLowerCase(Locale.ROOT); // written by another tool with a plain PUT
        }
        return b.md5(md5 == null ? null : md5.toLowerCase(Locale.ROOT)).build();
    }

    @Override
    public Optional<InputStream> get(String key) throws IOException {
        String k = fullKey(key);
        OSSObject o;
        try {
            o = call("read " + k, attempt -> client.getObject(target.bucket(), k));
        } catch (IOException e) {
            if (isMissing(e)) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(new FilterInputStream(o.getObjectContent()) {
            @Override
            public void close() throws IOException {
                o.close();
            }
        });
    }

    @Override
    public void delete(String key) throws IOException {
        String k = fullKey(key);
        call("delete " + k, attempt -> {
            client.deleteObject(target.bucket(), k);
            return null;
        });
    }

    @Override
    public void list(String prefix, Consumer<String> keys) throws IOException {
        boolean wantState = prefix.startsWith(STATE_PREFIX);
        String full = target.keyPrefix() + prefix;
        String token = null;
        while (true) {
            ListObjectsV2Request r = new ListObjectsV2Request(target.bucket());
            r.setPrefix(full);
            r.setMaxKeys(1000);
            // Keys with control characters cannot travel in XML: ask for them URL-encoded (V2 leaves decoding to us).
            r.setEncodingType("url");
            if (token != null) {
                r.setContinuationToken(token);
            }
            ListObjectsV2Result res = call("list " + full, attempt -> client.listObjectsV2(r));
            boolean encoded = "url".equalsIgnoreCase(res.getEncodingType());
            for (OSSObjectSummary s : res.getObjectSummaries()) {
                String fullKey = encoded ? URLDecoder.decode(s.getKey(), StandardCharsets.UTF_8) : s.getKey();
                if (!fullKey.startsWith(full)) {
                    continue;
                }
                String key = fullKey.substring(target.keyPrefix().length());
                if (key.isEmpty() || (!wantState && isState(key))) {
                    continue;
                }
                keys.accept(key);
            }
            if (!res.isTruncated() || res.getNextContinuationToken() == null) {
                return;
            }
            token = res.getNextContinuationToken();
        }
    }

    /** The SDK client, for bucket-level settings ({@link BucketPreparer}). */
    OSS client() {
        return client;
    }

    String accessKeyId() {
        return accessKeyId;
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
