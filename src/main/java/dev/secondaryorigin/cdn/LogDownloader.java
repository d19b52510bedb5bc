package dev.secondaryorigin.cdn;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Downloads a CDN offline log file ({@code .gz}) and hands its text to a reader. Only log hosts of Alibaba
 * Cloud ({@code *.aliyuncs.com}, {@code *.aliyun-inc.com}, {@code *.alicdn.com}, {@code *.aliyun.com}) or
 * the host of the CDN endpoint override are contacted: a log URL arrives in an event anyone allowed to
 * invoke the function can write, and must not turn the function into a fetcher of arbitrary addresses.
 * Redirects are not followed; the text read is bounded.
 */
public final class LogDownloader {
    /** Most uncompressed bytes read from one log file. */
    static final long MAX_TEXT_BYTES = 4L << 30;
    private static final String[] LOG_HOST_SUFFIXES = {".aliyuncs.com", ".aliyun-inc.com", ".alicdn.com", ".aliyun.com"};

    private final String extraHost;
    private final String defaultScheme;
    private final int timeoutMillis;

    /**
     * {@code endpoint}: the CDN endpoint in use; its host is also allowed (private gateways, tests), and
     * its scheme is put before log paths the API returns without one.
     */
    public LogDownloader(OpenApiEndpoint endpoint, int timeoutSeconds) {
        String hp = endpoint.hostAndPort();
        int colon = hp.lastIndexOf(':');
        this.extraHost = (colon > 0 && hp.indexOf(']') < colon ? hp.substring(0, colon) : hp).toLowerCase(Locale.ROOT);
        this.defaultScheme = endpoint.toString().startsWith("http://") ? "http://" : "https://";
        this.timeoutMillis = timeoutSeconds * 1000;
    }

    /** Reads the log's text. */
    public interface TextConsumer {
        void accept(Reader text) throws IOException;
    }

    /** {@code path} with a scheme: {@code DescribeCdnDomainLogs} returns paths without one. */
    public String url(String path) {
        return path.startsWith("http://") || path.startsWith("https://") ? path : defaultScheme + path;
    }

    /** Downloads {@code pathOrUrl}, gunzips it and hands the text over. */
    public void download(String pathOrUrl, TextConsumer consumer) throws IOException {
        URI u;
        try {
            u = new URI(url(pathOrUrl));
        } catch (URISyntaxException e) {
            throw new IOException("log URL is malformed: " + safe(pathOrUrl));
        }
        String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
        if (!allowedHost(host) || u.getUserInfo() != null) {
            throw new IOException("refused to download a log from " + (host.isEmpty() ? "(no host)" : host)
                    + ": not an Alibaba Cloud log host");
        }
        HttpURLConnection c = (HttpURLConnection) u.toURL().openConnection();
        c.setInstanceFollowRedirects(false);
        c.setConnectTimeout(timeoutMillis);
        c.setReadTimeout(timeoutMillis);
        c.setRequestProperty("User-Agent", "cdn-secondary-origin/0.1 (log reader)");
        try {
            int status = c.getResponseCode();
            if (status != 200) {
                throw new IOException("log download answered " + status + ": " + safe(pathOrUrl));
            }
            try (InputStream raw = c.getInputStream();
                 InputStream gz = new BoundedInputStream(new GZIPInputStream(raw, 65536), MAX_TEXT_BYTES);
                 Reader r = new InputStreamReader(gz, StandardCharsets.UTF_8)) {
                consumer.accept(r);
            }
        } finally {
            c.disconnect();
        }
    }

    boolean allowedHost(String host) {
        if (host.equals(extraHost)) {
            return true;
        }
        for (String s : LOG_HOST_SUFFIXES) {
            if (host.endsWith(s)) {
                return true;
            }
        }
        return false;
    }

    /** The URL without its query, which carries a signature. */
    public static String safe(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    /** Stops reading after a limit, so a decompression bomb cannot exhaust the function. */
    private static final class BoundedInputStream extends java.io.FilterInputStream {
        private long left;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
