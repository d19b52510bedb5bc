package dev.secondaryorigin.state;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestCodecTest {
    /**
     * Every builder method set to a value that is not its default; a field added to ManifestEntry without a tag
     * in ManifestCodec (or a name in the manifest file) comes back with its default and fails here.
     */
    private static ManifestEntry everyFieldSet(String path, int salt) throws Exception {
        ManifestEntry.Builder b = ManifestEntry.builder(path);
        List<Method> methods = new ArrayList<>(Arrays.asList(ManifestEntry.Builder.class.getMethods()));
        methods.sort((x, y) -> x.getName().compareTo(y.getName()));
        for (Method m : methods) {
            if (m.getDeclaringClass() != ManifestEntry.Builder.class || Modifier.isStatic(m.getModifiers())
                    || m.getName().equals("build")) {
                continue;
            }
            Object[] args = new Object[m.getParameterCount()];
            for (int i = 0; i < args.length; i++) {
                Class<?> t = m.getParameterTypes()[i];
                args[i] = t == String.class ? (m.getName().equals("redirectObject") && i == 0
                        ? ManifestEntry.REDIRECT_COPY : m.getName() + "-" + salt + "-" + i + "-\u00e9")
                        : t == long.class ? (Object) (1_700_000_000_123L + salt)
                        : t == int.class ? (Object) (307 + salt)
                        : t == boolean.class ? (Object) Boolean.TRUE : null;
            }
            m.invoke(b, args);
        }
        return b.build();
    }

    private static void assertSameFields(ManifestEntry a, ManifestEntry b) throws Exception {
        for (Method m : ManifestEntry.class.getMethods()) {
            if (m.getDeclaringClass() == ManifestEntry.class && m.getParameterCount() == 0
                    && !Modifier.isStatic(m.getModifiers()) && !m.getName().equals("toBuilder")) {
                assertEquals(m.invoke(a), m.invoke(b), m.getName());
            }
        }
    }

    @Test
    void everyFieldSurvivesTheMemoryFormAndTheFile() throws Exception {
        ManifestEntry e = everyFieldSet("/a/\u00fc.html", 1);
        Manifest m = new Manifest();
        m.put(e);
        assertSameFields(e, m.get(e.path()));
        assertSameFields(e, Manifest.fromBytes(m.toBytes()).get(e.path()));
    }

    @Test
    void typicalValuesArePackedAndComeBackExactly() throws Exception {
        Manifest m = new Manifest();
        String[][] cases = {
                {"\"5f3a-0\"", "Tue, 14 Nov 2023 22:13:20 GMT", "0123456789abcdef0123456789abcdef"},
                // Not the canonical date form, upper-case hex: kept as strings, read back as they were.
                {"W/\"x\"", "Tuesday, 14-Nov-23 22:13:20 GMT", "0123456789ABCDEF0123456789ABCDEF"},
                {null, "Mon, 14 Nov 2023 22:13:20 GMT", "short"},
        };
        for (int i = 0; i < cases.length; i++) {
            m.put(ManifestEntry.builder("/" + i).etag(cases[i][0]).lastModified(cases[i][1]).md5(cases[i][2])
                    .contentType(i == 2 ? null : "text/html").size(i - 1).headersHash(-5 * i).lastSeen(-1)
                    .status(200).depth(1_000_000).misses(i).stored(i == 0).build());
        }
        for (int i = 0; i < cases.length; i++) {
            ManifestEntry e = m.get("/" + i);
            assertEquals(cases[i][0], e.etag());
            assertEquals(cases[i][1], e.lastModified());
            assertEquals(cases[i][2], e.md5());
            assertEquals(i == 2 ? null : "text/html", e.contentType());
            assertEquals(i - 1, e.size());
            assertEquals(-5 * i, e.headersHash());
            assertEquals(-1, e.lastSeen());
            assertEquals(1_000_000, e.depth());
            assertEquals(i, e.misses());
            assertEquals(i == 0, e.stored());
        }
        assertEquals(-1, ManifestCodec.HttpDates.seconds("Mon, 14 Nov 2023 22:13:20 GMT"), "wrong weekday");
        assertEquals(0, ManifestCodec.HttpDates.seconds("Thu, 01 Jan 1970 00:00:00 GMT"));
    }

    @Test
    void httpDatesAreTheJavaTimeDatesBothWays() {
        java.time.format.DateTimeFormatter rfc = java.time.format.DateTimeFormatter
                .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.ROOT);
        java.util.Random rnd = new java.util.Random(1123);
        long last = 253_402_300_799L; // 9999-12-31T23:59:59Z
        List<Long> times = new ArrayList<>(List.of(0L, 86_399L, 86_400L, 951_782_400L /* 2000-02-29 */,
                4_107_542_400L /* 2100-03-01 */, 1_709_164_800L /* 2024-02-29 */, last));
        for (int i = 0; i < 20_000; i++) {
            times.add(Math.floorMod(rnd.nextLong(), last + 1));
        }
        for (long t : times) {
            String expected = rfc.format(java.time.Instant.ofEpochSecond(t).atOffset(java.time.ZoneOffset.UTC));
            assertEquals(expected, ManifestCodec.HttpDates.format(t), "format " + t);
            assertEquals(t, ManifestCodec.HttpDates.seconds(expected), "seconds " + expected);
        }
        for (String notOurs : new String[]{"Thu, 31 Feb 2026 00:00:00 GMT", "Thu, 00 Jan 1970 00:00:00 GMT",
            "Thu, 01 Jan 1970 24:00:00 GMT", "Thu, 01 Jan 1970 00:60:00 GMT", "Thu, 01 Jan 1970 00:00:-1 GMT",
            "Thu, 01 Jan 1970 00:00:00 UTC", "Thu, 01 Foo 1970 00:00:00 GMT", "Wed, 31 Dec 1969 23:59:59 GMT",
            "Thu, 1 Jan 1970 00:00:00 GMT", "Thursday, 01-Jan-70 00:00:00 GMT"}) {
            assertEquals(-1, ManifestCodec.HttpDates.seconds(notOurs), notOurs);
        }
    }

    @Test
    void aMillionEntriesFitInAFewBytesEach() throws Exception {
        Manifest m = new Manifest();
        for (int i = 0; i < 200_000; i++) {
            m.put(ManifestEntry.builder("/p/" + i + ".html").etag("\"" + Integer.toHexString(i) + "-0\"")
                    .lastModified("Tue, 14 Nov 2023 22:13:20 GMT").md5(String.format("%032x", i)).size(400 + i % 100)
                    .contentType("text/html; charset=utf-8").headersHash(i * 31).lastSeen(1_764_600_000_000L + i)
                    .status(200).depth(5).stored(true).build());
        }
        long perUrl = m.heapBytes() / m.size();
        assertTrue(perUrl < 130, "bytes per URL: " + perUrl);
        // Every pass rewrites lastSeen: in place, no growth.
        long before = m.heapBytes();
        for (int i = 0; i < 200_000; i++) {
            String p = "/p/" + i + ".html";
            m.put(m.get(p).toBuilder().lastSeen(1_764_700_000_000L + i).build());
        }
        assertEquals(before, m.heapBytes());
        assertEquals(1_764_700_000_000L + 7, m.get("/p/7.html").lastSeen());
    }

    @Test
    void theFileIsSortedByPathAndReadByOlderCode() throws Exception {
        Manifest m = new Manifest();
        for (String p : new String[]{"/b", "/a", "/c/d", "/"}) {
            m.put(ManifestEntry.builder(p).status(200).build());
        }
        List<String> order = new ArrayList<>();
        for (String line : gunzip(m.toBytes()).split("\n")) {
            order.add(com.google.gson.JsonParser.parseString(line).getAsJsonObject().get("p").getAsString());
        }
        assertEquals(Arrays.asList("/", "/a", "/b", "/c/d"), order);
    }

    @Test
    void aFileWithFieldsOfANewerVersionReads() throws Exception {
        String lines = "{\"p\":\"/x\",\"e\":\"\\\"1\\\"\",\"future\":{\"a\":[1,2]},\"st\":200,\"k\":1}\n"
                + "{\"nd\":17,\"p\":\"/y\",\"st\":404,\"x\":2}\n";
        Manifest m = Manifest.fromBytes(gzip(lines));
        assertEquals(2, m.size());
        assertEquals("\"1\"", m.get("/x").etag());
        assertTrue(m.get("/x").stored());
        assertEquals(2, m.get("/y").misses());
        assertNull(m.get("/z"));
    }

    @Test
    void aCheckpointStreamsItsListsAndReadsThemAgain() throws Exception {
        List<String> done = new ArrayList<>();
        List<Checkpoint.Pending> pending = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            done.add("/d/" + i);
            pending.add(new Checkpoint.Pending("/p/" + i, i % 7, i % 4));
        }
        JsonObject held = new JsonObject();
        held.addProperty("staging", true);
        Checkpoint c = Checkpoint.fromBytes(new Checkpoint("pass-1", 5, 2, new JsonObject(), done, pending, held)
                .toBytes());
        assertEquals("pass-1", c.passId());
        assertTrue(c.held().get("staging").getAsBoolean());
        assertEquals(10_000, c.done().size());
        for (int round = 0; round < 2; round++) {
            assertEquals(done, new ArrayList<>(c.done()));
            int i = 0;
            for (Checkpoint.Pending p : c.pending()) {
                assertEquals("/p/" + i, p.path());
                assertEquals(i % 7, p.depth());
                assertEquals(i % 4, p.kind());
                i++;
            }
            assertEquals(10_000, i);
        }
        Checkpoint empty = Checkpoint.fromBytes(new Checkpoint("p", 0, 1, new JsonObject(),
                Collections.<String>emptyList(), Collections.<Checkpoint.Pending>emptyList()).toBytes());
        assertTrue(empty.done().isEmpty());
        assertTrue(empty.pending().isEmpty());
    }

    private static byte[] gzip(String s) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStreamWriter w = new OutputStreamWriter(new GZIPOutputStream(b), StandardCharsets.UTF_8)) {
            w.write(s);
        }
        return b.toByteArray();
    }

    private static String gunzip(byte[] gz) throws Exception {
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
