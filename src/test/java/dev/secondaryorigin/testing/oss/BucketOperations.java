package dev.secondaryorigin.testing.oss;

import org.w3c.dom.Element;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/** ListObjectsV2 and the bucket settings the product uses: website and versioning. */
final class BucketOperations {
    private BucketOperations() {
    }

    static void listV2(EmulatedRequest r, EmulatedBucket b, Reply reply) throws IOException, OssError {
        String prefix = nz(r.query("prefix"));
        String delimiter = nz(r.query("delimiter"));
        int maxKeys = 100;
        if (r.query("max-keys") != null) {
            try {
                maxKeys = Integer.parseInt(r.query("max-keys"));
            } catch (NumberFormatException e) {
                throw OssError.invalidArgument("max-keys must be a number");
            }
            if (maxKeys < 0 || maxKeys > 1000) {
                throw OssError.invalidArgument("max-keys must be from 0 to 1000");
            }
        }
        String token = r.query("continuation-token");
        String after = nz(r.query("start-after"));
        if (token != null && !token.isEmpty()) {
            after = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        }
        StringBuilder contents = new StringBuilder();
        int count = 0;
        String last = null;
        boolean truncated = false;
        String cursor = null;
        while (true) {
            Map.Entry<String, StoredObject> e;
            if (cursor != null) {
                e = b.objects.higherEntry(cursor);
            } else if (!after.isEmpty() && after.compareTo(prefix) >= 0) {
                e = b.objects.higherEntry(after);
            } else {
                e = b.objects.ceilingEntry(prefix);
            }
            if (e == null || !e.getKey().startsWith(prefix)) {
                break;
            }
            String key = e.getKey();
            if (count >= maxKeys) {
                truncated = true;
                break;
            }
            int d = delimiter.isEmpty() ? -1 : key.indexOf(delimiter, prefix.length());
            if (d >= 0) {
                String common = key.substring(0, d + delimiter.length());
                contents.append("<CommonPrefixes><Prefix>").append(Xml.escape(ObjectOperations.encodeIf(r, common)))
                        .append("</Prefix></CommonPrefixes>");
                // Resume after every key under the common prefix.
                cursor = common + Character.MAX_VALUE;
                last = cursor;
            } else {
                StoredObject o = e.getValue();
                contents.append("<Contents><Key>").append(Xml.escape(ObjectOperations.encodeIf(r, key)))
                        .append("</Key><LastModified>").append(Reply.ISO.format(Instant.ofEpochMilli(o.lastModifiedMillis())))
                        .append("</LastModified><ETag>\"").append(o.etag()).append("\"</ETag><Type>")
                        .append(o.multipart() ? "Multipart" : "Normal").append("</Type><Size>").append(o.size())
                        .append("</Size><StorageClass>Standard</StorageClass></Contents>");
                cursor = key;
                last = key;
            }
            count++;
        }
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult>");
        sb.append("<Name>").append(Xml.escape(b.name())).append("</Name>");
        sb.append("<Prefix>").append(Xml.escape(ObjectOperations.encodeIf(r, prefix))).append("</Prefix>");
        if (token != null) {
            sb.append("<ContinuationToken>").append(Xml.escape(token)).append("</ContinuationToken>");
        }
        if (r.query("start-after") != null) {
            sb.append("<StartAfter>").append(Xml.escape(ObjectOperations.encodeIf(r, r.query("start-after")))).append("</StartAfter>");
        }
        sb.append("<MaxKeys>").append(maxKeys).append("</MaxKeys>");
        if (!delimiter.isEmpty()) {
            sb.append("<Delimiter>").append(Xml.escape(ObjectOperations.encodeIf(r, delimiter))).append("</Delimiter>");
        }
        if ("url".equals(r.query("encoding-type"))) {
            sb.append("<EncodingType>url</EncodingType>");
        }
        sb.append("<IsTruncated>").append(truncated).append("</IsTruncated>");
        if (truncated && last != null) {
            sb.append("<NextContinuationToken>")
                    .append(Base64.getUrlEncoder().encodeToString(last.getBytes(StandardCharsets.UTF_8)))
                    .append("</NextContinuationToken>");
        }
        sb.append("<KeyCount>").append(count).append("</KeyCount>");
        sb.append(contents).append("</ListBucketResult>");
        reply.xml(200, sb.toString());
    }

    static void putWebsite(EmulatedRequest r, EmulatedBucket b, Reply reply) throws IOException, OssError {
        Element root = parse(ObjectOperations.readBody(r));
        Element index = Xml.child(root, "IndexDocument");
        Element error = Xml.child(root, "ErrorDocument");
        String suffix = Xml.text(index, "Suffix");
        if (index != null && (suffix == null || suffix.isEmpty() || suffix.contains("/"))) {
            throw new OssError(400, "InvalidArgument", "IndexDocument Suffix must be a file name such as index.html");
        }
        String type = Xml.text(index, "Type");
        if (type != null && !type.matches("[012]")) {
            throw new OssError(400, "InvalidArgument", "IndexDocument Type must be 0, 1 or 2");
        }
        b.website(new WebsiteConfig(suffix, "true".equalsIgnoreCase(Xml.text(index, "SupportSubDir")), type,
                Xml.text(error, "Key"), Xml.text(error, "HttpStatus")));
        reply.empty(200);
    }

    static void getWebsite(EmulatedBucket b, Reply reply) throws IOException, OssError {
        WebsiteConfig w = b.website().orElseThrow(() -> new OssError(404, "NoSuchWebsiteConfiguration",
                "The specified bucket does not have a website configuration."));
        reply.xml(200, w.toXml());
    }

    static void deleteWebsite(EmulatedBucket b, Reply reply) throws IOException {
        b.website(null);
        reply.empty(204);
    }

    static void putVersioning(EmulatedRequest r, EmulatedBucket b, Reply reply) throws IOException, OssError {
        String status = Xml.text(parse(ObjectOperations.readBody(r)), "Status");
        if (!"Enabled".equals(status) && !"Suspended".equals(status)) {
            throw new OssError(400, "InvalidArgument", "Versioning Status must be Enabled or Suspended, got " + status);
        }
        b.versioning(status);
        reply.empty(200);
    }

    static void getVersioning(EmulatedBucket b, Reply reply) throws IOException {
        String s = b.versioning();
        reply.xml(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VersioningConfiguration>"
                + (s == null ? "" : "<Status>" + s + "</Status>") + "</VersioningConfiguration>");
    }

    private static Element parse(byte[] body) throws OssError {
        try {
            return Xml.parse(body);
        } catch (IllegalArgumentException e) {
            throw new OssError(400, "MalformedXML", "The XML you provided was not well-formed.");
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
