package dev.secondaryorigin.testing.oss;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An in-JVM stand-in for OSS on 127.0.0.1, faithful enough that the real aliyun-sdk-oss works against it unchanged
 * (reach it path-style at {@link #endpoint()}). It checks V4 signatures against the one configured key, keeps objects
 * in memory with their metadata, serves anonymous reads with the website rules, and injects {@link #faults()}.
 *
 * <pre>
 * try (OssEmulator oss = OssEmulator.builder().credentials("test-ak", "test-secret").start()) {
 *     oss.createBucket("my-backup").publicRead(true);
 *     ... new OssStore(OssTarget.parse("oss://my-backup", oss.endpoint(), oss.region()), ...)
 * }
 * </pre>
 */
public final class OssEmulator implements AutoCloseable {
    /** Sources larger than this are refused by CopyObject, as OSS refuses the largest ones (UploadPartCopy works). */
    private volatile long copyObjectLimit = 5L << 30;

    /** Lowers CopyObject's size limit so a test can exercise the client's fall-back without gigabytes. */
    public void copyObjectLimit(long bytes) {
        copyObjectLimit = bytes;
    }

    private final LoopbackHttpServer server;
    private final V4Verifier verifier;
    private final String region;
    private final Map<String, EmulatedBucket> buckets = new ConcurrentHashMap<>();
    private final Faults faults = new Faults();
    private final RequestLog log = new RequestLog();
    private final AtomicLong requestIds = new AtomicLong();
    private final Consumer<RequestLog.Entry> listener;

    private OssEmulator(Builder b) throws IOException {
        this.region = b.region;
        this.verifier = new V4Verifier(b.accessKeyId, b.secret, b.securityToken, b.region);
        this.listener = b.listener;
        server = new LoopbackHttpServer(this::handle, b.port);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings of an emulator; {@link #start()} starts it. */
    public static final class Builder {
        private String accessKeyId = "test-ak";
        private String secret = "test-secret";
        private String securityToken;
        private String region = "cn-hangzhou";
        private int port;
        private Consumer<RequestLog.Entry> listener;

        public Builder credentials(String accessKeyId, String secret) {
            this.accessKeyId = accessKeyId;
            this.secret = secret;
            return this;
        }

        /** Requires this STS token ({@code x-oss-security-token}) on every signed request. */
        public Builder securityToken(String token) {
            this.securityToken = token;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** Listens on this port of 127.0.0.1; 0 (the default) takes a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Also hands every answered request to {@code listener}, on the thread that answers it, just before the
         * answer goes out (so before the client can send its next request on that connection).
         */
        public Builder onRequest(Consumer<RequestLog.Entry> listener) {
            this.listener = listener;
            return this;
        }

        public OssEmulator start() throws IOException {
            return new OssEmulator(this);
        }
    }

    /** {@code http://127.0.0.1:PORT}, for {@code --oss-endpoint}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.port();
    }

    public String region() {
        return region;
    }

    public EmulatedBucket createBucket(String name) {
        return buckets.computeIfAbsent(name, EmulatedBucket::new);
    }

    public EmulatedBucket bucket(String name) {
        EmulatedBucket b = buckets.get(name);
        if (b == null) {
            throw new IllegalArgumentException("no bucket " + name);
        }
        return b;
    }

    public Faults faults() {
        return faults;
    }

    public RequestLog requests() {
        return log;
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(Exchange ex) throws IOException {
        String requestId = requestId(requestIds.incrementAndGet());
        EmulatedRequest r = EmulatedRequest.parse(ex, buckets.keySet());
        Logging logging = new Logging(r);
        Reply reply = new Reply(ex, requestId, r.bucket() + ".oss-" + region + ".aliyuncs.com", logging::answered);
        try {
            Fault f = faults.take(r);
            if (f != null && inject(f, r, reply)) {
                return;
            }
            dispatch(r, reply);
        } catch (OssError e) {
            fail(ex, reply, e);
        } catch (RuntimeException e) {
            fail(ex, reply, new OssError(500, "InternalError", "emulator failure: " + e));
        } finally {
            logging.answered(reply.status()); // 0 for a dropped connection
        }
    }

    /**
     * Logs a request once, as its answer goes out rather than after: a client holding its answer always finds the
     * request in the log, and a listener acts before the client can send its next request.
     */
    private final class Logging {
        private final EmulatedRequest r;
        private boolean done;

        Logging(EmulatedRequest r) {
            this.r = r;
        }

        void answered(int status) {
            if (done) {
                return;
            }
            done = true;
            RequestLog.Entry e = new RequestLog.Entry(r.method(), r.bucket(), r.key(), r.rawQuery(), r.anonymous(),
                    status, r.copySource());
            log.add(e);
            if (listener != null) {
                listener.accept(e);
            }
        }
    }

    /**
     * The object {@code x-oss-copy-source} names: {@code /bucket/key}, the key URL-encoded, in any bucket of this
     * emulator (they all share one region). The copy-source conditions are checked here, as OSS does before copying.
     */
    private StoredObject copySource(EmulatedRequest r) throws OssError {
        String h = r.copySource();
        if (!h.startsWith("/") || h.indexOf('/', 1) < 0) {
            throw OssError.invalidArgument("x-oss-copy-source must be /bucket/key: " + h);
        }
        if (h.contains("?")) {
            throw OssError.notImplemented("copying a version (x-oss-copy-source with ?versionId)");
        }
        int slash = h.indexOf('/', 1);
        EmulatedBucket b = buckets.get(h.substring(1, slash));
        if (b == null) {
            throw OssError.noSuchBucket(h.substring(1, slash));
        }
        StoredObject o = b.objects.get(EmulatedRequest.percentDecode(h.substring(slash + 1)));
        if (o == null) {
            throw OssError.noSuchKey();
        }
        ObjectOperations.checkCopyConditions(r, o);
        return o;
    }

    /** OSS-shaped: 24 upper-case hex digits. */
    static String requestId(long n) {
        String hex = Long.toHexString(n).toUpperCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(24).append("5C");
        for (int i = hex.length(); i < 22; i++) {
            sb.append('0');
        }
        return sb.append(hex).toString();
    }

    /** Applies a fault; true when it took the place of the answer. */
    private boolean inject(Fault f, EmulatedRequest r, Reply reply) throws IOException {
        switch (f.kind) {
            case DELAY:
                try {
                    Thread.sleep(f.delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return false;
            case RESET:
                String cl = r.header("Content-Length");
                long n = cl == null ? 0 : Long.parseLong(cl.trim());
                r.exchange.requestBody().readNBytes((int) Math.min(n / 2, Integer.MAX_VALUE));
                r.exchange.abort();
                return true;
            default:
                drain(r.exchange);
                reply.error(new OssError(f.status, f.code, f.status == 503
                        ? "Please reduce your request rate." : "We encountered an internal error. Please try again."));
                return true;
        }
    }

    private static void fail(Exchange ex, Reply reply, OssError e) throws IOException {
        if (ex.sent()) {
            ex.abort();
            return;
        }
        drain(ex);
        reply.error(e);
    }

    private static void drain(Exchange ex) {
        try {
            ex.requestBody().transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            // The answer goes out anyway.
        }
    }

    private void dispatch(EmulatedRequest r, Reply reply) throws IOException, OssError {
        if (r.bucket().isEmpty()) {
            throw OssError.notImplemented("service-level requests (ListBuckets)");
        }
        if (r.anonymous()) {
            EmulatedBucket b = buckets.get(r.bucket());
            if (b == null) {
                throw OssError.noSuchBucket(r.bucket());
            }
            AnonymousReads.serve(r, b, reply);
            return;
        }
        verifier.verify(r);
        EmulatedBucket b = buckets.get(r.bucket());
        if (b == null) {
            throw OssError.noSuchBucket(r.bucket());
        }
        String m = r.method();
        if (r.key().isEmpty()) {
            if (r.hasQuery("website")) {
                if (m.equals("PUT")) {
                    BucketOperations.putWebsite(r, b, reply);
                } else if (m.equals("GET")) {
                    BucketOperations.getWebsite(b, reply);
                } else if (m.equals("DELETE")) {
                    BucketOperations.deleteWebsite(b, reply);
                } else {
                    throw OssError.notImplemented(m + " ?website");
                }
            } else if (r.hasQuery("versioning")) {
                if (m.equals("PUT")) {
                    BucketOperations.putVersioning(r, b, reply);
                } else if (m.equals("GET")) {
                    BucketOperations.getVersioning(b, reply);
                } else {
                    throw OssError.notImplemented(m + " ?versioning");
                }
            } else if (m.equals("GET") && "2".equals(r.query("list-type"))) {
                BucketOperations.listV2(r, b, reply);
            } else {
                throw OssError.notImplemented(m + " on a bucket with " + r.queryParams().keySet());
            }
            return;
        }
        if (m.equals("POST") && r.hasQuery("uploads")) {
            ObjectOperations.initiate(r, b, reply);
        } else if (r.isPartCopy()) {
            ObjectOperations.uploadPartCopy(r, b, copySource(r), reply);
        } else if (m.equals("PUT") && r.hasQuery("uploadId")) {
            ObjectOperations.uploadPart(r, b, reply);
        } else if (m.equals("POST") && r.hasQuery("uploadId")) {
            ObjectOperations.complete(r, b, reply);
        } else if (m.equals("DELETE") && r.hasQuery("uploadId")) {
            ObjectOperations.abort(r, b, reply);
        } else if (r.isCopy() && !r.hasQuery("acl")) {
            ObjectOperations.copy(r, b, copySource(r), copyObjectLimit, reply);
        } else if (m.equals("PUT") && !r.hasQuery("acl")) {
            ObjectOperations.put(r, b, reply);
        } else if (m.equals("GET") || m.equals("HEAD")) {
            StoredObject o = b.objects.get(r.key());
            if (o == null) {
                throw OssError.noSuchKey();
            }
            ObjectOperations.get(r, o, reply);
        } else if (m.equals("DELETE")) {
            ObjectOperations.delete(r, b, reply);
        } else {
            throw OssError.notImplemented(m + " on an object with " + r.queryParams().keySet());
        }
    }
}
