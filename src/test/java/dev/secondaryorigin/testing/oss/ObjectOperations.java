package dev.secondaryorigin.testing.oss;

import org.w3c.dom.Element;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** PutObject, CopyObject, GetObject, HeadObject, DeleteObject and the multipart upload (and part copy) calls. */
final class ObjectOperations {
    private static final String[] KEPT_HEADERS = {"Content-Type", "Cache-Control", "Content-Encoding",
            "Content-Language", "Content-Disposition", "Expires"};
    private static final long MIN_PART = 100 << 10;

    private ObjectOperations() {
    }

    static void put(EmulatedRequest r, EmulatedBucket b, Reply reply) throws IOException, OssError {
        byte[] body = readBody(r);
        byte[] md5 = md5(body);
        checkDigest(r, md5);
        String etag = V4Verifier.hex(md5).toUpperCase(Locale.ROOT);
        StoredObject o = new StoredObject(Blob.of(body), keptHeaders(r), userMeta(r), acl(r), etag,
                System.currentTimeMillis(), false);
        if (!b.store(r.key(), o, forbidOverwrite(r))) {
            throw new OssError(409, "FileAlreadyExists", "The object you specified already exists and can not be overwritten.");
        }
        reply.header("ETag", "\"" + etag + "\"");
        reply.empty(200);
    }

    /**
     * CopyObject, as OSS does it: the source's bytes and ETag; its kept headers and x-oss-meta-* with metadata
     * directive COPY (the default), the request's with REPLACE; never its ACL, which comes from the request's
     * {@code x-oss-object-acl} or is {@code default}. Answers a CopyObjectResult.
     */
    static void copy(EmulatedRequest r, EmulatedBucket b, StoredObject source, long limit, Reply reply)
            throws IOException, OssError {
        readBody(r);
        if (source.size() >= limit) {
            throw OssError.invalidArgument("The source object is too large for CopyObject; copy it with UploadPartCopy");
        }
        String directive = r.header("x-oss-metadata-directive");
        boolean replace = "REPLACE".equals(directive);
        if (directive != null && !replace && !"COPY".equals(directive)) {
            throw OssError.invalidArgument("x-oss-metadata-directive must be COPY or REPLACE, not " + directive);
        }
        long now = System.currentTimeMillis();
        StoredObject o = new StoredObject(source.body(), replace ? keptHeaders(r) : source.headers(),
                replace ? userMeta(r) : source.userMeta(), acl(r), source.etag(), now, source.multipart());
        if (!b.store(r.key(), o, forbidOverwrite(r))) {
            throw new OssError(409, "FileAlreadyExists", "The object you specified already exists and can not be overwritten.");
        }
        reply.header("ETag", "\"" + o.etag() + "\"");
        reply.xml(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CopyObjectResult>\n  <ETag>\"" + o.etag()
                + "\"</ETag>\n  <LastModified>" + Reply.ISO.format(Instant.ofEpochMilli(now))
                + "</LastModified>\n</CopyObjectResult>\n");
    }

    /**
     * The {@code x-oss-copy-source-if-*} ETag conditions: a failed if-match is 412, a matched if-none-match 304.
     * The date conditions are refused rather than ignored, so a test relying on them notices.
     */
    static void checkCopyConditions(EmulatedRequest r, StoredObject source) throws OssError {
        String match = r.header("x-oss-copy-source-if-match");
        if (match != null && !unquote(match).equalsIgnoreCase(source.etag())) {
            throw new OssError(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold.");
        }
        String noneMatch = r.header("x-oss-copy-source-if-none-match");
        if (noneMatch != null && unquote(noneMatch).equalsIgnoreCase(source.etag())) {
            throw new OssError(304, "NotModified", "The source object was not modified.");
        }
        if (r.header("x-oss-copy-source-if-modified-since") != null
                || r.header("x-oss-copy-source-if-unmodified-since") != null) {
            throw OssError.notImplemented("x-oss-copy-source-if-(un)modified-since");
        }
    }

    static void get(EmulatedRequest r, StoredObject o, Reply reply) throws IOException, OssError {
        reply.objectHeaders(o);
        if (notModified(r, o)) {
            reply.empty(304);
            return;
        }
        String ifMatch = r.header("If-Match");
        if (ifMatch != null && !unquote(ifMatch).equalsIgnoreCase(o.etag())) {
            throw new OssError(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold.");
        }
        long size = o.size();
        long[] range = parseRange(r.header("Range"), size);
        if (range == null) {
            reply.header("Content-Length", String.valueOf(size));
            reply.body(200, o, 0, size);
            return;
        }
        reply.header("Content-Range", "bytes " + range[0] + "-" + (range[1] - 1) + "/" + size);
        reply.body(206, o, range[0], range[1]);
    }

    private static boolean notModified(EmulatedRequest r, StoredObject o) {
        String inm = r.header("If-None-Match");
        if (inm != null) {
            for (String t : inm.split(",")) {
                String v = unquote(t.trim());
                if (v.equals("*") || v.equalsIgnoreCase(o.etag())) {
                    return true;
                }
            }
            return false;
        }
        String ims = r.header("If-Modified-Since");
        if (ims != null) {
            try {
                long since = ZonedDateTime.parse(ims, Reply.HTTP_DATE).toInstant().toEpochMilli();
                return o.lastModifiedMillis() / 1000 <= since / 1000;
            } catch (DateTimeParseException e) {
                return false;
            }
        }
        return false;
    }

    /** [from, to) of a satisfiable single range; null for none or one OSS ignores. */
    private static long[] parseRange(String h, long size) throws OssError {
        if (h == null || !h.startsWith("bytes=") || h.contains(",")) {
            return null;
        }
        String spec = h.substring("bytes=".length()).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String a = spec.substring(0, dash).trim();
            String z = spec.substring(dash + 1).trim();
            long from;
            long to;
            if (a.isEmpty()) {
                long n = Long.parseLong(z);
                from = Math.max(0, size - n);
                to = size;
            } else {
                from = Long.parseLong(a);
                to = z.isEmpty() ? size : Math.min(size, Long.parseLong(z) + 1);
                if (!z.isEmpty() && Long.parseLong(z) < from) {
                    return null;
                }
            }
            if (from >= size) {
                throw new OssError(416, "InvalidRange", "The requested range cannot be satisfied");
            }
            return new long[]{from, to};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static void delete(EmulatedRequest r, EmulatedBucket b, Reply reply) throws IOException {
        b.objects.remove(r.key());
        reply.empty(204);
    }

    static void initiate(EmulatedRequest r, EmulatedBucket b, Reply reply) throws IOException, OssError {
        readBody(r);
        String id = UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT);
        b.uploads.put(id, new MultipartUpload(id, r.key(), keptHeaders(r), userMeta(r), acl(r)));
        reply.xml(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<InitiateMultipartUploadResult><Bucket>"
                + Xml.escape(b.name()) + "</Bucket><Key>" + Xml.escape(encodeIf(r, r.key())) + "</Key><UploadId>" + id
                + "</UploadId></InitiateMultipartUploadResult>");
    }

    static void uploadPart(EmulatedRequest r, EmulatedBucket b, Reply reply) throws IOException, OssError {
        MultipartUpload u = upload(r, b);
        int n = partNumber(r);
        byte[] body = readBody(r);
        byte[] md5 = md5(body);
        checkDigest(r, md5);
        String etag = V4Verifier.hex(md5).toUpperCase(Locale.ROOT);
        u.parts.put(n, new MultipartUpload.Part(body, etag, md5));
        reply.header("ETag", "\"" + etag + "\"");
        reply.empty(200);
    }

    /**
     * UploadPartCopy: a part made of the source's bytes in {@code x-oss-copy-source-range} ({@code bytes=first-last},
     * the whole object without it). The bytes are copied out of the source, so test objects should stay small.
     */
    static void uploadPartCopy(EmulatedRequest r, EmulatedBucket b, StoredObject source, Reply reply)
            throws IOException, OssError {
        MultipartUpload u = upload(r, b);
        int n = partNumber(r);
        readBody(r);
        long[] range = parseRange(r.header("x-oss-copy-source-range"), source.size());
        long from = range == null ? 0 : range[0];
        long to = range == null ? source.size() : range[1];
        byte[] data;
        try (InputStream in = source.body().open(from, to)) {
            data = in.readAllBytes();
        }
        byte[] md5 = md5(data);
        String etag = V4Verifier.hex(md5).toUpperCase(Locale.ROOT);
        u.parts.put(n, new MultipartUpload.Part(data, etag, md5));
        reply.xml(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CopyPartResult>\n  <LastModified>"
                + Reply.ISO.format(Instant.now()) + "</LastModified>\n  <ETag>\"" + etag
                + "\"</ETag>\n</CopyPartResult>\n");
    }

    private static int partNumber(EmulatedRequest r) throws OssError {
        int n;
        try {
            n = Integer.parseInt(r.query("partNumber"));
        } catch (NumberFormatException e) {
            throw OssError.invalidArgument("partNumber must be a number from 1 to 10000");
        }
        if (n < 1 || n > 10000) {
            throw OssError.invalidArgument("partNumber must be a number from 1 to 10000");
        }
        return n;
    }

    static void complete(EmulatedRequest r, EmulatedBucket b, Reply reply) throws IOException, OssError {
        MultipartUpload u = upload(r, b);
        Element root;
        try {
            root = Xml.parse(readBody(r));
        } catch (IllegalArgumentException e) {
            throw new OssError(400, "MalformedXML", "The XML you provided was not well-formed.");
        }
        List<byte[]> chunks = new ArrayList<>();
        ByteArrayOutputStream md5s = new ByteArrayOutputStream();
        int last = 0;
        List<Element> parts = Xml.children(root, "Part");
        if (parts.isEmpty()) {
            throw new OssError(400, "MalformedXML", "CompleteMultipartUpload lists no parts.");
        }
        for (int i = 0; i < parts.size(); i++) {
            int n = Integer.parseInt(Xml.text(parts.get(i), "PartNumber"));
            if (n <= last) {
                throw new OssError(400, "InvalidPartOrder", "The list of parts was not in ascending order.");
            }
            last = n;
            MultipartUpload.Part p = u.parts.get(n);
            if (p == null || !unquote(Xml.text(parts.get(i), "ETag")).equalsIgnoreCase(p.etag)) {
                throw new OssError(400, "InvalidPart", "One or more of the specified parts could not be found or the "
                        + "specified entity tag might not have matched the part's entity tag.");
            }
            if (i < parts.size() - 1 && p.data.length < MIN_PART) {
                throw new OssError(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size.");
            }
            chunks.add(p.data);
            md5s.write(p.md5, 0, p.md5.length);
        }
        String etag = V4Verifier.hex(md5(md5s.toByteArray())).toUpperCase(Locale.ROOT) + "-" + parts.size();
        StoredObject o = new StoredObject(Blob.ofChunks(chunks), u.headers, u.userMeta, u.acl, etag,
                System.currentTimeMillis(), true);
        if (!b.store(u.key, o, forbidOverwrite(r))) {
            throw new OssError(409, "FileAlreadyExists", "The object you specified already exists and can not be overwritten.");
        }
        b.uploads.remove(u.id);
        reply.xml(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CompleteMultipartUploadResult><Location>/"
                + Xml.escape(b.name()) + "/" + Xml.escape(encodeIf(r, u.key)) + "</Location><Bucket>" + Xml.escape(b.name())
                + "</Bucket><Key>" + Xml.escape(encodeIf(r, u.key)) + "</Key><ETag>\"" + etag
                + "\"</ETag></CompleteMultipartUploadResult>");
    }

    static void abort(EmulatedRequest r, EmulatedBucket b, Reply reply) throws IOException, OssError {
        MultipartUpload u = upload(r, b);
        b.uploads.remove(u.id);
        reply.empty(204);
    }

    private static MultipartUpload upload(EmulatedRequest r, EmulatedBucket b) throws OssError {
        MultipartUpload u = b.uploads.get(r.query("uploadId"));
        if (u == null || !u.key.equals(r.key())) {
            throw new OssError(404, "NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, "
                    + "or the upload may have been aborted or completed.");
        }
        return u;
    }

    static String encodeIf(EmulatedRequest r, String s) {
        return "url".equals(r.query("encoding-type")) ? URLEncoder.encode(s, StandardCharsets.UTF_8) : s;
    }

    private static boolean forbidOverwrite(EmulatedRequest r) {
        return "true".equalsIgnoreCase(r.header("x-oss-forbid-overwrite"));
    }

    private static String acl(EmulatedRequest r) throws OssError {
        String a = r.header("x-oss-object-acl");
        if (a == null) {
            return "default";
        }
        switch (a) {
            case "default":
            case "private":
            case "public-read":
            case "public-read-write":
                return a;
            default:
                throw OssError.invalidArgument("no such object ACL: " + a);
        }
    }

    private static Map<String, String> keptHeaders(EmulatedRequest r) {
        Map<String, String> h = new LinkedHashMap<>();
        for (String name : KEPT_HEADERS) {
            String v = r.header(name);
            if (v != null) {
                h.put(name, v);
            }
        }
        return h;
    }

    private static Map<String, String> userMeta(EmulatedRequest r) throws OssError {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : r.headers().entrySet()) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith("x-oss-meta-") && !e.getValue().isEmpty()) {
                String v = e.getValue().get(0);
                for (int i = 0; i < v.length(); i++) {
                    if (v.charAt(i) > 0x7e) {
                        // What a real bucket effectively gets: the bytes no longer match what was signed.
                        throw OssError.invalidArgument("x-oss-meta value is not ASCII: " + name);
                    }
                }
                m.put(name.substring("x-oss-meta-".length()), v);
            }
        }
        return m;
    }

    private static void checkDigest(EmulatedRequest r, byte[] md5) throws OssError {
        String given = r.header("Content-MD5");
        if (given != null && !given.trim().equals(Base64.getEncoder().encodeToString(md5))) {
            throw new OssError(400, "InvalidDigest", "The Content-MD5 you specified did not match what we received.");
        }
    }

    /** Reads the whole body, checking it is as long as Content-Length said. */
    static byte[] readBody(EmulatedRequest r) throws IOException {
        String cl = r.header("Content-Length");
        try (InputStream in = r.exchange.requestBody()) {
            if (cl != null) {
                long n = Long.parseLong(cl.trim());
                if (n > Integer.MAX_VALUE - 16) {
                    throw new IOException("request body too large for the emulator: " + n + " bytes");
                }
                // Straight into an array of the announced size: no chunk list, no second copy.
                byte[] b = new byte[(int) n];
                int got = in.readNBytes(b, 0, b.length);
                if (got != n) {
                    throw new IOException("request body ended after " + got + " of " + n + " bytes");
                }
                return b;
            }
            return in.readAllBytes();
        }
    }

    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    });

    static byte[] md5(byte[] b) {
        MessageDigest d = MD5.get();
        d.reset();
        return d.digest(b);
    }

    static String unquote(String s) {
        String t = s.trim();
        if (t.startsWith("W/")) {
            t = t.substring(2);
        }
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    static Optional<StoredObject> find(EmulatedBucket b, String key) {
        return b.object(key);
    }
}
