package dev.secondaryorigin.state;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-URL record of what is in the backup. Thread-safe; saved as gzip'd JSON lines with short field
 * names (about 40 bytes a URL once compressed), so a million-URL site stays a small state object.
 */
public final class Manifest {
    private final ConcurrentHashMap<String, ManifestEntry> entries = new ConcurrentHashMap<>();

    public ManifestEntry get(String path) {
        return entries.get(path);
    }

    public void put(ManifestEntry e) {
        entries.put(e.path(), e);
    }

    public void remove(String path) {
        entries.remove(path);
    }

    public int size() {
        return entries.size();
    }

    public Collection<ManifestEntry> entries() {
        return entries.values();
    }

    /** A point-in-time copy, safe to iterate while workers record. */
    public List<ManifestEntry> snapshot() {
        return new ArrayList<>(entries.values());
    }

    public byte[] toBytes() throws IOException {
        List<ManifestEntry> all = snapshot();
        all.sort((a, b) -> a.path().compareTo(b.path()));
        return GzipJson.write(w -> {
            for (ManifestEntry e : all) {
                JsonWriter j = new JsonWriter(w);
                j.beginObject();
                j.name("p").value(e.path());
                if (e.etag() != null) {
                    j.name("e").value(e.etag());
                }
                if (e.lastModified() != null) {
                    j.name("lm").value(e.lastModified());
                }
                if (e.md5() != null) {
                    j.name("m").value(e.md5());
                }
                if (e.size() >= 0) {
                    j.name("s").value(e.size());
                }
                if (e.contentType() != null) {
                    j.name("ct").value(e.contentType());
                }
                if (e.headersHash() != 0) {
                    j.name("h").value(e.headersHash());
                }
                j.name("t").value(e.lastSeen());
                j.name("st").value(e.status());
                j.name("d").value(e.depth());
                if (e.stored()) {
                    j.name("k").value(1);
                }
                if (e.misses() > 0) {
                    j.name("x").value(e.misses());
                }
                if (e.redirect() != null) {
                    j.name("r").value(e.redirect());
                }
                if (e.speculative()) {
                    j.name("sp").value(1);
                }
                if (e.redirectObject() != null) {
                    j.name("ro").value(e.redirectObject());
                    if (e.redirectFinal() != null) {
                        j.name("rf").value(e.redirectFinal());
                    }
                }
                if (e.revisitSeconds() > 0) {
                    j.name("ri").value(e.revisitSeconds());
                }
                j.endObject();
                j.flush();
                w.write('\n');
            }
        });
    }

    public static Manifest fromBytes(byte[] gz) throws IOException {
        Manifest m = new Manifest();
        try (Reader r = GzipJson.reader(gz)) {
            JsonReader j = new JsonReader(r);
            j.setLenient(true);
            try {
                j.peek();
            } catch (java.io.EOFException empty) {
                // A pass cut short before it recorded any URL saves an empty manifest.
                return m;
            }
            while (j.peek() != JsonToken.END_DOCUMENT) {
                j.beginObject();
                ManifestEntry.Builder b = null;
                String path = null;
                String etag = null, lm = null, md5 = null, ct = null, redirect = null, ro = null, rf = null;
                long size = -1, seen = 0;
                int h = 0, st = 0, d = 0, x = 0, ri = 0;
                boolean stored = false;
                boolean speculative = false;
                while (j.hasNext()) {
                    String name = j.nextName();
                    switch (name) {
                        case "p": path = j.nextString(); break;
                        case "e": etag = j.nextString(); break;
                        case "lm": lm = j.nextString(); break;
                        case "m": md5 = j.nextString(); break;
                        case "s": size = j.nextLong(); break;
                        case "ct": ct = j.nextString(); break;
                        case "h": h = j.nextInt(); break;
                        case "t": seen = j.nextLong(); break;
                        case "st": st = j.nextInt(); break;
                        case "d": d = j.nextInt(); break;
                        case "k": stored = j.nextInt() == 1; break;
                        case "x": x = j.nextInt(); break;
                        case "r": redirect = j.nextString(); break;
                        case "sp": speculative = j.nextInt() == 1; break;
                        case "ro": ro = j.nextString(); break;
                        case "rf": rf = j.nextString(); break;
                        case "ri": ri = j.nextInt(); break;
                        default: j.skipValue();
                    }
                }
                j.endObject();
                if (path != null) {
                    b = ManifestEntry.builder(path).etag(etag).lastModified(lm).md5(md5).size(size).contentType(ct)
                            .headersHash(h).lastSeen(seen).status(st).depth(d).stored(stored).misses(x).redirect(redirect)
                            .speculative(speculative)
                            .redirectObject(ro, rf).revisitSeconds(ri);
                    m.put(b.build());
                }
            }
        }
        return m;
    }
}
