package dev.secondaryorigin.origin;

import java.io.Closeable;
import java.io.IOException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;

/** What the origin answered: status, headers (lower-case names, first value) and, for a 200, the body. */
public final class OriginResponse implements Closeable {
    private final int status;
    private final Map<String, String> headers;
    private final Body body;

    OriginResponse(int status, Map<String, String> headers, Body body) {
        this.status = status;
        this.headers = Collections.unmodifiableMap(headers);
        this.body = body;
    }

    public int status() {
        return status;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The verified body of a 200, else null. */
    public Body body() {
        return body;
    }

    @Override
    public void close() throws IOException {
        if (body != null) {
            body.close();
        }
    }
}
