package dev.secondaryorigin.cdn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessLogParserTest {
    static final String OK = "[9/Jun/2015:01:58:09 +0800] 188.165.15.75 - 1542 \"-\" "
            + "\"GET http://www.example.com/index.html\" 200 191 2830 MISS \"Mozilla/5.0 (compatible; AhrefsBot/5.0; "
            + "+http://ahrefs.com/robot/)\" \"text/html\"";

    private static List<String> parse(String text, AccessLogParser.Counts c) throws Exception {
        List<String> urls = new ArrayList<>();
        AccessLogParser.parse(new StringReader(text), c, urls::add);
        return urls;
    }

    @Test
    void takesGetAndHeadAnsweredOk() throws Exception {
        AccessLogParser.Counts c = new AccessLogParser.Counts();
        String log = OK + "\n"
                + OK.replace("GET http://www.example.com/index.html", "HEAD http://www.example.com/a%20b.css?v=1") + "\n"
                + OK.replace("\" 200 ", "\" 404 ") + "\n"
                + OK.replace("GET ", "POST ").replace("/index.html", "/form") + "\n"
                + OK.replace("\"-\"", "\"http://ref.example.org/\\\"quoted\\\"\"").replace("/index.html", "/r.html") + "\n"
                + OK.replace("\"GET http://www.example.com/index.html\"", "\"GET http://www.example.com/x.js HTTP/1.1\"")
                + "\n";
        assertEquals(Arrays.asList("http://www.example.com/index.html", "http://www.example.com/a%20b.css?v=1",
                "http://www.example.com/r.html", "http://www.example.com/x.js"), parse(log, c));
        assertEquals(6, c.lines());
        assertEquals(0, c.malformed());
        assertEquals(4, c.ok());
    }

    @Test
    void malformedLinesAreCountedNotFatal() throws Exception {
        AccessLogParser.Counts c = new AccessLogParser.Counts();
        StringBuilder huge = new StringBuilder("[9/Jun/2015:01:58:09 +0800] ");
        for (int i = 0; i < 20000; i++) {
            huge.append('x');
        }
        String log = "garbage line\n"
                + OK.substring(0, 60) + "\n"                                  // truncated
                + "\u0000\u0001\u0002binary\n"
                + OK.replace("http://www.example.com/index.html", "/relative/only.html") + "\n"
                + huge + "\n"
                + "\n"
                + OK + "\n";
        assertEquals(Arrays.asList("http://www.example.com/index.html"), parse(log, c));
        assertEquals(6, c.lines());
        assertEquals(5, c.malformed());
    }
}
