package dev.secondaryorigin.crawl;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UrlKeysTest {
    private static String key(String rawPath) throws RefusedUrlException {
        return UrlKeys.keyFor(UrlKeys.canonicalPath(rawPath));
    }

    @Test
    void directoriesMapToIndexDocuments() throws Exception {
        assertEquals("index.html", key("/"));
        assertEquals("index.html", key(""));
        assertEquals("dir/index.html", key("/dir/"));
        assertEquals("a/b.css", key("/a/b.css"));
        assertEquals("dir", key("/dir"));
    }

    @Test
    void percentEncodingIsDecodedAsUtf8() throws Exception {
        assertEquals("a b.html", key("/a%20b.html"));
        assertEquals("文档/说明.html", key("/%E6%96%87%E6%A1%A3/%E8%AF%B4%E6%98%8E.html"));
        assertEquals("文档/说明.html", key("/文档/说明.html"));
        assertEquals("a+b.html", key("/a+b.html"));
        assertEquals("100%.html", key("/100%25.html"));
    }

    @Test
    void canonicalPathNormalisesEscapesAndRawCharacters() throws Exception {
        assertEquals("/a%20b", UrlKeys.canonicalPath("/a b"));
        assertEquals("/~user/x", UrlKeys.canonicalPath("/%7euser/x"));
        assertEquals("/a%2Fb", UrlKeys.canonicalPath("/a%2fb"));
        assertEquals("/%E6%96%87", UrlKeys.canonicalPath("/文"));
        assertEquals("/a/c", UrlKeys.canonicalPath("/a/./b/../c"));
        assertEquals("/", UrlKeys.canonicalPath("/../../"));
        assertEquals("/etc/passwd", UrlKeys.canonicalPath("/../../etc/passwd"));
        assertEquals("/a/", UrlKeys.canonicalPath("/a/b/.."));
    }

    @Test
    void traversalHiddenInEscapesIsRefused() {
        RefusedUrlException e = assertThrows(RefusedUrlException.class, () -> key("/a/..%2F..%2Fetc/passwd"));
        assertEquals("path-traversal", e.reason());
        assertEquals("path-traversal", assertThrows(RefusedUrlException.class, () -> key("/a/%2E%2E%2Fb")).reason());
    }

    @Test
    void badKeysAreRefusedWithAReason() {
        assertEquals("bad-key", assertThrows(RefusedUrlException.class, () -> key("/a//b")).reason());
        assertEquals("control-character", assertThrows(RefusedUrlException.class, () -> key("/a%0Ab")).reason());
        assertEquals("control-character", assertThrows(RefusedUrlException.class,
                () -> UrlKeys.canonicalPath("/a\tb")).reason());
        assertEquals("bad-encoding", assertThrows(RefusedUrlException.class, () -> key("/%FF%FE")).reason());
        assertEquals("reserved-key", assertThrows(RefusedUrlException.class,
                () -> key("/.secondary-origin/t/manifest.jsonl.gz")).reason());
        StringBuilder longName = new StringBuilder("/");
        for (int i = 0; i < 350; i++) {
            longName.append("文");
        }
        assertEquals("key-too-long", assertThrows(RefusedUrlException.class, () -> key(longName.toString())).reason());
        StringBuilder huge = new StringBuilder("/");
        for (int i = 0; i < 10_000; i++) {
            huge.append('a');
        }
        assertEquals("url-too-long", assertThrows(RefusedUrlException.class,
                () -> UrlKeys.canonicalPath(huge.toString())).reason());
    }

    @Test
    void keyOfExactly1023BytesIsAccepted() throws Exception {
        StringBuilder p = new StringBuilder("/");
        for (int i = 0; i < 1023; i++) {
            p.append('k');
        }
        assertEquals(1023, key(p.toString()).length());
    }
}
