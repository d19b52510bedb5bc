package dev.secondaryorigin.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link ObjectStore} must do alike; each implementation runs this same suite. */
abstract class ObjectStoreContract {
    @TempDir
    Path tmp;

    protected ObjectStore store;

    protected abstract ObjectStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() throws IOException {
        if (store != null) {
            store.close();
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static ObjectMeta html() {
        return ObjectMeta.builder().contentType("text/html; charset=utf-8").build();
    }

    static byte[] read(InputStream in) throws IOException {
        try (InputStream s = in) {
            return s.readAllBytes();
        }
    }

    @Test
    void putThenGetReturnsTheBytes() throws IOException {
        byte[] body = utf8("<h1>hello</h1>");
        store.put("index.html", Payload.ofBytes(body), html());
        assertArrayEquals(body, read(store.get("index.html").orElseThrow()));
        assertArrayEquals(body, store.getBytes("index.html").orElseThrow());
    }

    @Test
    void headKeepsHeadersSizeMd5AndUserMetadata() throws IOException {
        byte[] body = utf8("body { color: red }");
        ObjectMeta meta = ObjectMeta.builder()
                .contentType("text/css")
                .cacheControl("max-age=600")
                .contentEncoding("identity")
                .contentLanguage("zh-CN")
                .contentDisposition("inline")
                .expires("Thu, 01 Jan 2037 00:00:00 GMT")
                .userMeta(ObjectMeta.ORIGIN_ETAG, "\"abc-123\"")
                .userMeta(ObjectMeta.ORIGIN_LAST_MODIFIED, "Mon, 02 Jan 2006 15:04:05 GMT")
                .userMeta(ObjectMeta.SOURCE_URL, "https://www.example.com/文档/样式 100%.css")
                .build();
        Payload p = Payload.ofBytes(body);
        store.put("文档/样式 100%.css", p, meta);
        ObjectMeta got = store.head("文档/样式 100%.css").orElseThrow();
        assertEquals(body.length, got.size());
        assertEquals(p.md5Hex(), got.md5());
        assertEquals(meta.httpHeaders(), got.httpHeaders());
        assertEquals(meta.userMeta(), got.userMeta());
        assertTrue(got.lastModifiedMillis() > 0);
        assertFalse(got.privateAcl());
    }

    @Test
    void missingKeysAreEmptyNotErrors() throws IOException {
        assertEquals(Optional.empty(), store.head("nope.html"));
        assertFalse(store.get("nope.html").isPresent());
        assertFalse(store.getBytes("dir/nope.html").isPresent());
        store.delete("nope.html");
    }

    @Test
    void putReplacesTheWholeObject() throws IOException {
        store.put("a.txt", Payload.ofBytes(utf8("first version, longer")), ObjectMeta.builder().contentType("text/plain").build());
        store.put("a.txt", Payload.ofBytes(utf8("second")), ObjectMeta.builder().contentType("text/markdown").build());
        assertArrayEquals(utf8("second"), store.getBytes("a.txt").orElseThrow());
        ObjectMeta m = store.head("a.txt").orElseThrow();
        assertEquals("text/markdown", m.contentType());
        assertEquals(6, m.size());
    }

    @Test
    void putIfAbsentCreatesOnlyOnce() throws IOException {
        assertTrue(store.putIfAbsent("lease.json", Payload.ofBytes(utf8("{\"holder\":\"a\"}")),
                ObjectMeta.builder().contentType("application/json").build()));
        assertFalse(store.putIfAbsent("lease.json", Payload.ofBytes(utf8("{\"holder\":\"b\"}")),
                ObjectMeta.builder().contentType("application/json").build()));
        assertArrayEquals(utf8("{\"holder\":\"a\"}"), store.getBytes("lease.json").orElseThrow());
        store.delete("lease.json");
        assertTrue(store.putIfAbsent("lease.json", Payload.ofBytes(utf8("{\"holder\":\"c\"}")), html()));
    }

    @Test
    void deleteRemovesTheObject() throws IOException {
        store.put("gone.html", Payload.ofBytes(utf8("x")), html());
        store.delete("gone.html");
        assertFalse(store.head("gone.html").isPresent());
        assertFalse(store.get("gone.html").isPresent());
    }

    @Test
    void listVisitsKeysUnderThePrefixAndHidesState() throws IOException {
        for (String k : new String[]{"index.html", "docs/index.html", "docs/a b.html", "docs/sub/c.css", "docsx.html"}) {
            store.put(k, Payload.ofBytes(utf8(k)), html());
        }
        store.putState(ObjectStore.STATE_PREFIX + "task/manifest.json", utf8("{}"), "application/json");
        assertEquals(List.of("docs/a b.html", "docs/index.html", "docs/sub/c.css"), list("docs/"));
        assertEquals(List.of("docs/a b.html", "docs/index.html", "docs/sub/c.css", "docsx.html",
                "index.html"), list(""));
        assertEquals(List.of(ObjectStore.STATE_PREFIX + "task/manifest.json"), list(ObjectStore.STATE_PREFIX));
        assertEquals(List.of(), list("nothing/"));
    }

    @Test
    void listFollowsContinuationPastOnePage() throws IOException {
        for (int i = 0; i < 1105; i++) {
            store.put(String.format("many/%05d.txt", i), Payload.ofBytes(utf8("" + i)), ObjectMeta.builder().build());
        }
        List<String> keys = list("many/");
        assertEquals(1105, keys.size());
        assertEquals("many/00000.txt", keys.get(0));
        assertEquals("many/01104.txt", keys.get(1104));
    }

    @Test
    void stateObjectsArePrivateAndReadable() throws IOException {
        String key = ObjectStore.STATE_PREFIX + "www.example.com/checkpoint.json";
        store.putState(key, utf8("{\"frontier\":[]}"), "application/json");
        assertArrayEquals(utf8("{\"frontier\":[]}"), store.getBytes(key).orElseThrow());
        assertTrue(store.head(key).orElseThrow().privateAcl());
    }

    @Test
    void filePayloadsAndEmptyObjectsRoundTrip() throws Exception {
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        Path f = tmp.resolve("payload.bin");
        Files.write(f, data);
        Payload p = Payload.ofFile(f, data.length, Md5.hex(MessageDigest.getInstance("MD5").digest(data)));
        store.put("assets/blob.bin", p, ObjectMeta.builder().contentType("application/octet-stream").build());
        assertArrayEquals(data, store.getBytes("assets/blob.bin").orElseThrow());
        assertEquals(p.md5Hex(), store.head("assets/blob.bin").orElseThrow().md5());

        store.put("empty.txt", Payload.ofBytes(new byte[0]), ObjectMeta.builder().contentType("text/plain").build());
        assertEquals(0, store.head("empty.txt").orElseThrow().size());
        assertArrayEquals(new byte[0], store.getBytes("empty.txt").orElseThrow());
    }

    @Test
    void keysWithSpecialCharactersRoundTrip() throws IOException {
        List<String> keys = new ArrayList<>(List.of("a+b.html", "q=1&r=2.html", "空 格/文件.html", "tilde~*.js", "pct%41.css"));
        for (String k : keys) {
            store.put(k, Payload.ofBytes(utf8(k)), html());
        }
        for (String k : keys) {
            assertArrayEquals(utf8(k), store.getBytes(k).orElseThrow(), k);
        }
        List<String> listed = list("");
        Collections.sort(keys);
        assertEquals(keys, listed);
    }

    /** Every kept header and the user metadata the engine writes, with values that need encoding. */
    static ObjectMeta fullMeta() {
        return ObjectMeta.builder()
                .contentType("text/css; charset=utf-8")
                .cacheControl("public, max-age=600")
                .contentEncoding("br") // not gzip: an HTTP client may decode that on the way in
                .contentLanguage("zh-CN")
                .contentDisposition("inline; filename=\"a.css\"")
                .expires("Thu, 01 Jan 2037 00:00:00 GMT")
                .userMeta(ObjectMeta.ORIGIN_ETAG, "W/\"5e-1\"")
                .userMeta(ObjectMeta.ORIGIN_LAST_MODIFIED, "Mon, 02 Jan 2006 15:04:05 GMT")
                .userMeta(ObjectMeta.SOURCE_URL, "https://www.example.com/样式/a.css?v=100%")
                .build();
    }

    private void assertSameObject(byte[] body, ObjectMeta expected, String key) throws IOException {
        assertArrayEquals(body, store.getBytes(key).orElseThrow(), key);
        ObjectMeta got = store.head(key).orElseThrow();
        assertEquals(body.length, got.size(), key);
        assertEquals(Payload.ofBytes(body).md5Hex(), got.md5(), key);
        assertEquals(expected.httpHeaders(), got.httpHeaders(), key);
        assertEquals(expected.userMeta(), got.userMeta(), key);
    }

    @Test
    void copyKeepsBytesHeadersAndUserMetadata() throws IOException {
        byte[] body = utf8("body { color: blue }");
        store.put("css/a.css", Payload.ofBytes(body), fullMeta());
        assertTrue(store.copy("css/a.css", "备份/a 100%.css"));
        assertSameObject(body, fullMeta(), "备份/a 100%.css");
        assertFalse(store.head("备份/a 100%.css").orElseThrow().privateAcl());
        assertSameObject(body, fullMeta(), "css/a.css");
    }

    @Test
    void copyReplacesWhatIsAtTheTarget() throws IOException {
        store.put("page.html", Payload.ofBytes(utf8("the old page, which was longer")), ObjectMeta.builder()
                .contentType("text/plain").cacheControl("no-store").userMeta(ObjectMeta.ORIGIN_ETAG, "\"old\"").build());
        ObjectMeta newMeta = ObjectMeta.builder().contentType("text/html")
                .userMeta(ObjectMeta.SOURCE_URL, "https://www.example.com/page.html").build();
        store.put("staged.html", Payload.ofBytes(utf8("<p>new</p>")), newMeta);
        assertTrue(store.copy("staged.html", "page.html"));
        // Nothing of the old object survives: no Cache-Control, no origin-etag.
        assertSameObject(utf8("<p>new</p>"), newMeta, "page.html");
    }

    @Test
    void copyOfAMissingKeyReturnsFalseAndWritesNothing() throws IOException {
        store.put("kept.html", Payload.ofBytes(utf8("kept")), html());
        assertFalse(store.copy("missing.html", "kept.html"));
        assertFalse(store.copy("missing.html", "fresh.html"));
        assertFalse(store.copy(ObjectStore.STATE_PREFIX + "missing", ObjectStore.STATE_PREFIX + "fresh"));
        assertSameObject(utf8("kept"), html(), "kept.html");
        assertFalse(store.head("fresh.html").isPresent());
        assertEquals(List.of("kept.html"), list(""));
        assertEquals(List.of(), list(ObjectStore.STATE_PREFIX));
    }

    @Test
    void copyIntoTheStatePrefixIsPrivateAndBackOutIsNot() throws IOException {
        byte[] body = utf8("a { }");
        store.put("a.css", Payload.ofBytes(body), fullMeta());
        String staged = ObjectStore.STATE_PREFIX + "staging/a.css";
        assertTrue(store.copy("a.css", staged));
        assertTrue(store.head(staged).orElseThrow().privateAcl());
        assertSameObject(body, fullMeta(), staged);
        assertTrue(store.copy(staged, "restored/a.css"));
        assertFalse(store.head("restored/a.css").orElseThrow().privateAcl());
        assertSameObject(body, fullMeta(), "restored/a.css");
        assertEquals(List.of("a.css", "restored/a.css"), list(""));
        assertEquals(List.of(staged), list(ObjectStore.STATE_PREFIX));
    }

    @Test
    void moveRemovesTheSourceAndKeepsMetadata() throws IOException {
        store.put("a.css", Payload.ofBytes(utf8("old")), ObjectMeta.builder().contentType("text/plain").build());
        String staged = ObjectStore.STATE_PREFIX + "staging/a.css";
        byte[] body = utf8("a { color: green }");
        store.put(staged, Payload.ofBytes(body), fullMeta().toBuilder().privateAcl(true).build());
        assertTrue(store.move(staged, "a.css"));
        assertFalse(store.head(staged).isPresent());
        assertFalse(store.get(staged).isPresent());
        assertSameObject(body, fullMeta(), "a.css");
        assertFalse(store.head("a.css").orElseThrow().privateAcl());
        assertEquals(List.of(), list(ObjectStore.STATE_PREFIX));
        assertEquals(List.of("a.css"), list(""));
    }

    @Test
    void moveOfAMissingKeyReturnsFalse() throws IOException {
        store.put("kept.html", Payload.ofBytes(utf8("kept")), html());
        assertFalse(store.move("missing.html", "kept.html"));
        assertFalse(store.move("missing.html", "fresh.html"));
        assertSameObject(utf8("kept"), html(), "kept.html");
        assertEquals(List.of("kept.html"), list(""));
    }

    @Test
    void moveOntoItselfKeepsTheObject() throws IOException {
        store.put("same.html", Payload.ofBytes(utf8("same")), html());
        assertTrue(store.move("same.html", "same.html"));
        assertSameObject(utf8("same"), html(), "same.html");
    }

    @Test
    void stateKeysKeepTheirMetadata() throws IOException {
        String key = ObjectStore.STATE_PREFIX + "versions/1/a.css";
        byte[] body = utf8("a { }");
        store.put(key, Payload.ofBytes(body), fullMeta().toBuilder().privateAcl(true).build());
        assertSameObject(body, fullMeta(), key);
        assertTrue(store.head(key).orElseThrow().privateAcl());
        store.delete(key);
        assertFalse(store.head(key).isPresent());
    }

    @Test
    void listingNeverShowsSidecarsOrTempFiles() throws IOException {
        store.put("a.html", Payload.ofBytes(utf8("a")), fullMeta());
        store.putState(ObjectStore.STATE_PREFIX + "t/manifest.json", utf8("{}"), "application/json");
        assertTrue(store.copy("a.html", ObjectStore.STATE_PREFIX + "staging/b.html"));
        assertTrue(store.move(ObjectStore.STATE_PREFIX + "staging/b.html", "b.html"));
        assertTrue(store.copy("a.html", "c/d.html"));
        assertEquals(List.of("a.html", "b.html", "c/d.html"), list(""));
        assertEquals(List.of(ObjectStore.STATE_PREFIX + "t/manifest.json"), list(ObjectStore.STATE_PREFIX));
        assertEquals(List.of(), list(ObjectStore.STATE_PREFIX + "."));
        assertEquals(List.of("c/d.html"), list("c/"));
    }

    protected List<String> list(String prefix) throws IOException {
        List<String> keys = new ArrayList<>();
        store.list(prefix, keys::add);
        Collections.sort(keys);
        return keys;
    }

    /** A temp-file payload of {@code size} pseudo-random bytes, written without holding them in memory. */
    static Payload bigFile(Path file, long size, long seed) throws IOException {
        MessageDigest md5 = Md5.newDigest();
        Random rnd = new Random(seed);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), md5)) {
            for (long left = size; left > 0; left -= buf.length) {
                rnd.nextBytes(buf);
                out.write(buf, 0, (int) Math.min(buf.length, left));
            }
        }
        return Payload.ofFile(file, size, Md5.hex(md5.digest()));
    }
}
