package dev.secondaryorigin.cdn;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Alibaba Cloud CDN offline access logs, one request a line:
 * <pre>[9/Jun/2015:01:58:09 +0800] 10.10.10.10 - 1542 "-" "GET http://www.example.com/index.html" 200 191 2830 MISS "UA" "text/html"</pre>
 * (time, client IP, proxy IP, response time, referer, method and URL, status, request size, response
 * size, cache hit, user agent, content type). Yields the URL of every GET or HEAD answered 200. Lines that
 * do not have this shape (truncated, binary, another format) are counted as malformed and skipped, never
 * fatal; so are absurdly long lines.
 */
public final class AccessLogParser {
    static final int MAX_LINE_CHARS = 16 * 1024;
    private static final Pattern LINE = Pattern.compile(
            "^\\[[^\\]]{10,40}\\]\\s+\\S+\\s+\\S+\\s+\\S+\\s+\"(?:[^\"\\\\]|\\\\.)*\"\\s+\"([A-Z]{3,10}) (\\S+)(?: [^\"]*)?\"\\s+(\\d{3})(?:\\s|$)");

    /** Counts of one or more parsed files. */
    public static final class Counts {
        long lines;
        long malformed;
        long ok;

        public long lines() {
            return lines;
        }

        public long malformed() {
            return malformed;
        }

        /** Lines of GET/HEAD requests answered 200. */
        public long ok() {
            return ok;
        }
    }

    private AccessLogParser() {
    }

    /** Parses every line of {@code text}, handing each 200 URL to {@code urls}. */
    public static void parse(Reader text, Counts counts, Consumer<String> urls) throws IOException {
        BufferedReader r = text instanceof BufferedReader ? (BufferedReader) text : new BufferedReader(text, 65536);
        for (String line; (line = r.readLine()) != null; ) {
            if (line.isEmpty()) {
                continue;
            }
            counts.lines++;
            String url = parseLine(line, counts);
            if (url != null) {
                counts.ok++;
                urls.accept(url);
            }
        }
    }

    /** The URL of a 200 GET/HEAD line, or null (counting the line as malformed when it is). */
    static String parseLine(String line, Counts counts) {
        if (line.length() > MAX_LINE_CHARS) {
            counts.malformed++;
            return null;
        }
        Matcher m = LINE.matcher(line);
        if (!m.find()) {
            counts.malformed++;
            return null;
        }
        String method = m.group(1);
        String url = m.group(2);
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            counts.malformed++;
            return null;
        }
        if (!m.group(3).equals("200") || !(method.equals("GET") || method.equals("HEAD"))) {
            return null;
        }
        return url;
    }
}
