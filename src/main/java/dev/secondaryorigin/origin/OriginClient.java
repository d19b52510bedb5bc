package dev.secondaryorigin.origin;

import dev.secondaryorigin.store.Md5;
import dev.secondaryorigin.task.TaskConfig;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpHost;
import org.apache.http.NoHttpResponseException;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.utils.DateUtils;
import org.apache.http.config.Registry;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.DnsResolver;
import dev.secondaryorigin.task.MetadataAddresses;
import org.apache.http.conn.HttpHostConnectException;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.NoopHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.conn.ssl.TrustAllStrategy;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.ssl.SSLContexts;

import javax.net.ssl.SSLContext;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fetches paths of the task's site from the primary origin, the way a CDN does: connects to the
 * origin's address while sending {@code Host: <domain>} (and TLS SNI for the domain), asks for the
 * identity encoding, never follows redirects by itself, and retries 5xx/429/network failures with
 * backoff (honouring Retry-After). A body is read completely and checked against Content-Length and
 * Content-MD5 before anyone sees it.
 */
public final class OriginClient implements Closeable {
    /** Bodies up to this size stay in memory; larger ones go to a temp file. */
    static final int MEMORY_BODY_LIMIT = 1 << 20;

    private final TaskConfig config;
    private final CloseableHttpClient http;
    private final HttpHost target;
    private final boolean sendHost;
    private final Path tempDir;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private volatile long retryBaseMillis = 200;

    public OriginClient(TaskConfig config, Path tempDir) {
        this.config = config;
        this.tempDir = tempDir;
        String originHost = config.origin().getHost();
        this.sendHost = !config.domain().equalsIgnoreCase(originHost);
        this.target = new HttpHost(config.domain(), config.originPort(), config.origin().getScheme());

        Set<String> site = new HashSet<>();
        site.add(config.domain().toLowerCase(Locale.ROOT));
        site.addAll(config.extraHosts());
        DnsResolver dns = host -> {
            String h = host.toLowerCase(Locale.ROOT);
            if (site.contains(h) || h.equalsIgnoreCase(originHost)) {
                // The task's site always lives at the configured origin address, whatever DNS says.
                InetAddress[] origin = InetAddress.getAllByName(stripBrackets(originHost));
                for (InetAddress a : origin) {
                    String why = MetadataAddresses.refusal(a);
                    if (why != null) {
                        throw new UnknownHostException("refused origin " + originHost + ": it resolves to "
                                + a.getHostAddress() + ", " + why);
                    }
                }
                return origin;
            }
            InetAddress[] all = InetAddress.getAllByName(h);
            for (InetAddress a : all) {
                String why = AddressGuard.refusal(a);
                if (why != null) {
                    throw new UnknownHostException("refused " + h + ": resolves to a " + why);
                }
            }
            return all;
        };
        RegistryBuilder<ConnectionSocketFactory> sockets = RegistryBuilder.<ConnectionSocketFactory>create()
                .register("http", PlainConnectionSocketFactory.getSocketFactory());
        if ("https".equals(config.origin().getScheme())) {
            // Every request goes to the origin's scheme: a plain-HTTP pass never needs the TLS context (and its
            // class loading and public-suffix list) that building one costs.
            sockets.register("https", tlsSockets(config));
        }
        Registry<ConnectionSocketFactory> reg = sockets.build();
        PoolingHttpClientConnectionManager cm = new PoolingHttpClientConnectionManager(
                reg, null, null, dns, 60, TimeUnit.SECONDS);
        cm.setMaxTotal(config.concurrency() + 4);
        cm.setDefaultMaxPerRoute(config.concurrency() + 4);
        cm.setValidateAfterInactivity(2000);
        int timeoutMs = config.timeoutSeconds() * 1000;
        RequestConfig rc = RequestConfig.custom()
                .setConnectTimeout(timeoutMs).setSocketTimeout(timeoutMs).setConnectionRequestTimeout(timeoutMs)
                .setRedirectsEnabled(false).setContentCompressionEnabled(false).build();
        http = HttpClients.custom().setConnectionManager(cm).setDefaultRequestConfig(rc)
                .disableAutomaticRetries().disableRedirectHandling().disableContentCompression()
                .disableCookieManagement().setUserAgent(config.userAgent()).build();
    }

    private static SSLConnectionSocketFactory tlsSockets(TaskConfig config) {
        try {
            if (config.insecureTls()) {
                SSLContext ctx = SSLContexts.custom().loadTrustMaterial(TrustAllStrategy.INSTANCE).build();
                return new SSLConnectionSocketFactory(ctx, NoopHostnameVerifier.INSTANCE);
            }
            return SSLConnectionSocketFactory.getSocketFactory();
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static String stripBrackets(String h) {
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    /** Base URL pages of this site are resolved against: scheme://domain[:port]. */
    public String siteBase() {
        boolean defaultPort = config.originPort() == (config.origin().getScheme().equals("https") ? 443 : 80);
        return config.origin().getScheme() + "://" + config.domain() + (sendHost || defaultPort ? "" : ":" + config.originPort());
    }

    /** Requests sent so far, including retries. */
    public long requestsSent() {
        return requests.get();
    }

    public long bytesRead() {
        return bytesRead.get();
    }

    /** Shortens backoff (tests of retry storms). */
    public void retryBaseMillis(long millis) {
        retryBaseMillis = millis;
    }

    /**
     * GETs a canonical path. A conditional request is made when validators are given. Returns any final
     * HTTP answer other than 5xx/429 (which are retried); the body is present only for a 200.
     *
     * @param deadlineMillis epoch millis after which no retry is started (0 = none)
     */
    public OriginResponse fetch(String path, String ifNoneMatch, String ifModifiedSince, long deadlineMillis)
            throws FetchException {
        FetchException last = null;
        int attempts = config.retries() + 1;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            long waitMs = 0;
            try {
                OriginResponse r = once(path, ifNoneMatch, ifModifiedSince);
                if (r.status() >= 500 || r.status() == 429) {
                    last = new FetchException("http-" + r.status(), "origin answered " + r.status(), true, null);
                    waitMs = retryAfterMillis(r.header("retry-after"));
                    r.close();
                } else {
                    return r;
                }
            } catch (FetchException e) {
                if (!e.originFault()) {
                    throw e;
                }
                last = e;
            } catch (IOException e) {
                last = classify(e);
            }
            if (attempt == attempts) {
                break;
            }
            long backoff = Math.min(5000, retryBaseMillis << (attempt - 1));
            backoff = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
            long sleep = Math.max(backoff, Math.min(waitMs, 30_000));
            if (deadlineMillis > 0 && System.currentTimeMillis() + sleep >= deadlineMillis) {
                break;
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw last;
    }

    private static long retryAfterMillis(String v) {
        if (v == null) {
            return 0;
        }
        try {
            return Long.parseLong(v.trim()) * 1000;
        } catch (NumberFormatException e) {
            Date d = DateUtils.parseDate(v.trim());
            return d == null ? 0 : Math.max(0, d.getTime() - System.currentTimeMillis());
        }
    }

    static FetchException classify(IOException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof UnknownHostException && msg.startsWith("refused origin")) {
            // The configured origin itself resolves to a metadata address: nothing of this task can be fetched.
            return new FetchException("refused-origin", msg, true, e);
        }
        if (e instanceof UnknownHostException && msg.startsWith("refused")) {
            return new FetchException("refused-address", msg, false, e);
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return new FetchException("tls", "TLS with the origin failed (" + msg + "); the certificate must be "
                    + "trusted and valid for the domain, or pass --insecure-tls to accept any certificate, as a CDN's "
                    + "back-to-origin request does by default", true, e);
        }
        if (e instanceof SocketTimeoutException || e instanceof ConnectTimeoutException) {
            return new FetchException("timeout", "timed out: " + msg, true, e);
        }
        if (e instanceof HttpHostConnectException) {
            return new FetchException("connect", "cannot connect: " + msg, true, e);
        }
        if (e instanceof org.apache.http.ConnectionClosedException || e instanceof org.apache.http.TruncatedChunkException
                || e instanceof org.apache.http.MalformedChunkCodingException) {
            return new FetchException("truncated", "truncated body: " + msg, true, e);
        }
        if (e instanceof SocketException || e instanceof NoHttpResponseException) {
            return new FetchException("reset", "connection reset: " + msg, true, e);
        }
        return new FetchException("io", msg, true, e);
    }

    private OriginResponse once(String path, String ifNoneMatch, String ifModifiedSince) throws IOException {
        HttpGet get = new HttpGet(path);
        if (sendHost) {
            get.setHeader("Host", config.domain());
        }
        get.setHeader("Accept-Encoding", "identity");
        for (Map.Entry<String, String> h : config.headers().entrySet()) {
            get.setHeader(h.getKey(), h.getValue());
        }
        if (ifNoneMatch != null) {
            get.setHeader("If-None-Match", ifNoneMatch);
        }
        if (ifModifiedSince != null) {
            get.setHeader("If-Modified-Since", ifModifiedSince);
        }
        requests.incrementAndGet();
        try (CloseableHttpResponse resp = http.execute(target, get)) {
            int status = resp.getStatusLine().getStatusCode();
            Map<String, String> headers = new HashMap<>();
            for (Header h : resp.getAllHeaders()) {
                headers.putIfAbsent(h.getName().toLowerCase(Locale.ROOT), h.getValue());
            }
            HttpEntity entity = resp.getEntity();
            if (status != 200 || entity == null) {
                if (entity != null) {
                    drainSmall(entity, get);
                }
                return new OriginResponse(status, headers, status == 200 ? emptyBody() : null);
            }
            long declared = entity.getContentLength();
            if (declared > config.maxObjectSize()) {
                get.abort();
                throw new FetchException("too-large", "Content-Length " + declared + " exceeds --max-object-size",
                        false, null);
            }
            Body body = read(entity, declared, get);
            String contentMd5 = headers.get("content-md5");
            if (contentMd5 != null && !contentMd5.trim().equals(Md5.base64(body.md5Hex()))) {
                body.close();
                throw new FetchException("checksum", "body does not match Content-MD5", true, null);
            }
            return new OriginResponse(status, headers, body);
        }
    }

    private static Body emptyBody() {
        MessageDigest md = Md5.newDigest();
        return new Body(new byte[0], null, 0, Md5.hex(md.digest()));
    }

    /** Reads an error body so the connection can be reused, but gives up (closing it) past 64 KiB. */
    private static void drainSmall(HttpEntity entity, HttpGet get) throws IOException {
        try (InputStream in = entity.getContent()) {
            byte[] buf = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > 65536) {
                    get.abort();
                    return;
                }
            }
        }
    }

    private Body read(HttpEntity entity, long declared, HttpGet get) throws IOException {
        MessageDigest md = Md5.newDigest();
        long limit = config.maxObjectSize();
        // A body of known small size is read straight into an array of that size: no copies, and no
        // buffer beside it (a 64 KiB one per request was most of the pass's garbage).
        boolean sized = declared >= 0 && declared <= MEMORY_BODY_LIMIT;
        byte[] mem = new byte[sized ? (int) declared : 16384];
        int memLen = 0;
        Path file = null;
        OutputStream fileOut = null;
        byte[] buf = null;
        long total = 0;
        boolean ok = false;
        try (InputStream in = entity.getContent()) {
            while (true) {
                int n;
                if (fileOut == null) {
                    if (memLen == mem.length) {
                        if (sized && atEnd(in)) {
                            break;
                        }
                        if (mem.length >= MEMORY_BODY_LIMIT) {
                            Files.createDirectories(tempDir);
                            file = Files.createTempFile(tempDir, "fetch-", ".part");
                            fileOut = Files.newOutputStream(file);
                            fileOut.write(mem, 0, memLen);
                            mem = null;
                            buf = new byte[65536];
                            continue;
                        }
                        mem = java.util.Arrays.copyOf(mem, Math.min(MEMORY_BODY_LIMIT, Math.max(16384, mem.length * 2)));
                    }
                    n = in.read(mem, memLen, mem.length - memLen);
                    if (n > 0) {
                        md.update(mem, memLen, n);
                        memLen += n;
                    }
                } else {
                    n = in.read(buf);
                    if (n > 0) {
                        md.update(buf, 0, n);
                        fileOut.write(buf, 0, n);
                    }
                }
                if (n < 0) {
                    break;
                }
                total += n;
                bytesRead.addAndGet(n);
                if (total > limit) {
                    get.abort();
                    throw new FetchException("too-large", "body exceeds --max-object-size", false, null);
                }
            }
            if (declared >= 0 && total != declared) {
                throw new FetchException("truncated", "got " + total + " of " + declared + " bytes", true, null);
            }
            ok = true;
        } finally {
            if (fileOut != null) {
                fileOut.close();
            }
            if (!ok && file != null) {
                Files.deleteIfExists(file);
            }
        }
        String hex = Md5.hex(md.digest());
        if (file != null) {
            return new Body(null, file, total, hex);
        }
        return new Body(memLen == mem.length ? mem : java.util.Arrays.copyOf(mem, memLen), null, total, hex);
    }

    /**
     * True when the stream has nothing after the bytes already read, so a body that fills its declared length
     * ends without growing the array; one that sends more fails as truncated.
     */
    private static boolean atEnd(InputStream in) throws IOException {
        if (in.read() < 0) {
            return true;
        }
        throw new FetchException("truncated", "body longer than its Content-Length", true, null);
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
