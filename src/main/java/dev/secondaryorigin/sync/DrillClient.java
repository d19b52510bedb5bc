package dev.secondaryorigin.sync;

import dev.secondaryorigin.store.Md5;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * GETs drill requests through the HTTP base as a visitor's browser would reach it through the CDN: no redirect
 * followed (the drill judges the redirect itself), identity encoding, an optional Host header (an edge's IP
 * with the CDN domain, or a gateway with the bucket's domain), bounded connect and read timeouts.
 */
final class DrillClient implements Closeable {
    static final int HEAD_BYTES = 256 << 10;

    private final String base;
    private final String host;
    private final CloseableHttpClient http;

    /** {@code base}: an http(s) URL ending in '/'. */
    DrillClient(String base, String host, int connections, int timeoutSeconds) {
        this.base = base;
        this.host = host;
        int ms = timeoutSeconds * 1000;
        this.http = HttpClients.custom()
                .disableRedirectHandling()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAutomaticRetries()
                .setMaxConnPerRoute(connections)
                .setMaxConnTotal(connections)
                .setUserAgent("cdn-secondary-origin/0.1 (+failover drill)")
                .setDefaultRequestConfig(RequestConfig.custom().setConnectTimeout(ms).setSocketTimeout(ms)
                        .setConnectionRequestTimeout(ms).build())
                .build();
    }

    /** The absolute URL a request goes to. */
    String urlOf(String request) {
        return base + encodeLoosely(request.substring(1));
    }

    DrillAnswer get(String request) throws IOException {
        HttpGet get;
        try {
            get = new HttpGet(new URI(urlOf(request)));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("not a URL: " + e.getMessage());
        }
        get.setHeader("Accept-Encoding", "identity");
        if (host != null) {
            get.setHeader("Host", host);
        }
        try (CloseableHttpResponse r = http.execute(get)) {
            int status = r.getStatusLine().getStatusCode();
            MessageDigest md = Md5.newDigest();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            long size = 0;
            HttpEntity entity = r.getEntity();
            if (entity != null) {
                try (InputStream in = entity.getContent()) {
                    byte[] buf = new byte[65536];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        md.update(buf, 0, n);
                        if (head.size() < HEAD_BYTES) {
                            head.write(buf, 0, Math.min(n, HEAD_BYTES - head.size()));
                        }
                        size += n;
                    }
                }
            }
            return new DrillAnswer(status, value(r.getFirstHeader("Location")), value(r.getFirstHeader("Content-Type")),
                    Md5.hex(md.digest()), size, head.toByteArray());
        }
    }

    private static String value(Header h) {
        return h == null ? null : h.getValue();
    }

    /** Percent-encodes what a URI may not hold (a CDN top URL may carry spaces or non-ASCII in its query). */
    static String encodeLoosely(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c > 0x20 && c < 0x7f && "\"<>\\^`{|}#".indexOf(c) < 0) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
