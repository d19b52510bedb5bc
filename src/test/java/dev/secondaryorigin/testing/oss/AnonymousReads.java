package dev.secondaryorigin.testing.oss;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What an unsigned GET/HEAD sees, as a CDN's back-to-origin request does: only when the bucket or the object is
 * public-read, never a private object, and with the bucket's static-website rules: {@code /} and {@code /dir/} serve
 * the index document, {@code /dir} (no such object) redirects to {@code /dir/}, serves its index or answers 404
 * depending on the sub-directory type, and a miss serves the error document.
 */
final class AnonymousReads {
    private AnonymousReads() {
    }

    static void serve(EmulatedRequest r, EmulatedBucket b, Reply reply) throws IOException, OssError {
        if (!r.method().equals("GET") && !r.method().equals("HEAD")) {
            throw OssError.accessDenied("You have no right to access this object because of bucket acl.");
        }
        if (!r.queryParams().isEmpty() && !onlyHarmlessParams(r)) {
            throw OssError.accessDenied("You have no right to access this object because of bucket acl.");
        }
        WebsiteConfig w = b.website().orElse(null);
        String key = r.key();
        if (w == null || w.indexDocument() == null) {
            if (key.isEmpty()) {
                throw OssError.accessDenied("You have no right to list this bucket.");
            }
            ObjectOperations.get(r, readable(b, key), reply);
            return;
        }
        if (key.isEmpty() || key.endsWith("/")) {
            String index = w.supportSubDir() ? key + w.indexDocument() : w.indexDocument();
            serveOrError(r, b, w, index, reply);
            return;
        }
        StoredObject direct = b.objects.get(key);
        if (direct != null || !w.supportSubDir()) {
            serveOrError(r, b, w, key, reply);
            return;
        }
        String dirIndex = key + "/" + w.indexDocument();
        if (b.objects.containsKey(dirIndex)) {
            String type = w.subDirType() == null ? "0" : w.subDirType();
            if (type.equals("0")) {
                String location = "/" + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20")
                        .replace("%2F", "/") + "/";
                reply.header("Location", location);
                reply.empty(302);
                return;
            }
            if (type.equals("2")) {
                serveOrError(r, b, w, dirIndex, reply);
                return;
            }
        }
        serveOrError(r, b, w, key, reply);
    }

    private static boolean onlyHarmlessParams(EmulatedRequest r) {
        // A CDN may forward a query string; OSS ignores unknown parameters on a GET.
        for (String k : r.queryParams().keySet()) {
            if (k.equals("acl") || k.equals("uploads") || k.equals("uploadId") || k.equals("website")
                    || k.equals("versioning") || k.equals("list-type")) {
                return false;
            }
        }
        return true;
    }

    private static void serveOrError(EmulatedRequest r, EmulatedBucket b, WebsiteConfig w, String key, Reply reply)
            throws IOException, OssError {
        StoredObject o = b.objects.get(key);
        if (o != null) {
            ObjectOperations.get(r, readable(b, key), reply);
            return;
        }
        if (!b.isPublicRead()) {
            throw OssError.accessDenied("You have no right to access this object because of bucket acl.");
        }
        if (w.errorDocument() != null) {
            StoredObject err = b.objects.get(w.errorDocument());
            if (err != null && isPublic(b, err)) {
                int status = "200".equals(w.errorStatus()) ? 200 : 404;
                reply.objectHeaders(err);
                reply.header("Content-Length", String.valueOf(err.size()));
                reply.body(status, err, 0, err.size());
                return;
            }
        }
        throw OssError.noSuchKey();
    }

    private static StoredObject readable(EmulatedBucket b, String key) throws OssError {
        StoredObject o = b.objects.get(key);
        if (o == null) {
            if (!b.isPublicRead()) {
                throw OssError.accessDenied("You have no right to access this object because of bucket acl.");
            }
            throw OssError.noSuchKey();
        }
        if (!isPublic(b, o)) {
            throw OssError.accessDenied("You have no right to access this object because of bucket acl.");
        }
        return o;
    }

    static boolean isPublic(EmulatedBucket b, StoredObject o) {
        switch (o.acl()) {
            case "private":
                return false;
            case "public-read":
            case "public-read-write":
                return true;
            default:
                return b.isPublicRead();
        }
    }
}
