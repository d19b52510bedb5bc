package dev.secondaryorigin.state;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link ManifestEntry} (all but its path) as the few bytes {@link Manifest} keeps in memory: tagged fields, an
 * MD5 as 16 bytes, an HTTP date as seconds, a content type as an index into the manifest's own table of types.
 * Memory only (never written to a file), so tags may change between versions; a tag is never reused within one.
 *
 * <p>A new field of {@link ManifestEntry}: give it the next free tag, write it in {@link #encode} when it is not the
 * default, and read it in {@link #decode}. {@code ManifestCodecTest} sets every builder method and fails until then.
 */
final class ManifestCodec {
    private static final int ETAG = 1, LM_SECONDS = 2, LM = 3, MD5_BYTES = 4, MD5 = 5, SIZE = 6, TYPE_INDEX = 7,
            TYPE = 8, HEADERS_HASH = 9, LAST_SEEN = 10, STATUS = 11, DEPTH = 12, STORED = 13, MISSES = 14,
            REDIRECT = 15, SPECULATIVE = 16, REDIRECT_OBJECT = 17, REDIRECT_FINAL = 18, REVISIT_SECONDS = 19;
    /** Distinct content types kept in the table; a site with more stores the rest as strings. */
    private static final int MAX_TYPES = 1024;

    private final List<String> types = new ArrayList<>();
    private final Map<String, Integer> typeIndex = new HashMap<>();

    /** Callers hold the manifest's lock (the type table is shared). */
    byte[] encode(ManifestEntry e) {
        Out o = new Out();
        if (e.etag() != null) {
            o.tag(ETAG).string(e.etag());
        }
        if (e.lastModified() != null) {
            long s = HttpDates.seconds(e.lastModified());
            if (s >= 0) {
                o.tag(LM_SECONDS).varlong(s);
            } else {
                o.tag(LM).string(e.lastModified());
            }
        }
        if (e.md5() != null) {
            byte[] md5 = hex16(e.md5());
            if (md5 != null) {
                o.tag(MD5_BYTES).write(md5, 0, 16);
            } else {
                o.tag(MD5).string(e.md5());
            }
        }
        if (e.size() >= 0) {
            o.tag(SIZE).varlong(e.size());
        }
        if (e.contentType() != null) {
            Integer i = typeIndex.get(e.contentType());
            if (i == null && types.size() < MAX_TYPES) {
                i = types.size();
                types.add(e.contentType());
                typeIndex.put(e.contentType(), i);
            }
            if (i != null) {
                o.tag(TYPE_INDEX).varlong(i);
            } else {
                o.tag(TYPE).string(e.contentType());
            }
        }
        if (e.headersHash() != 0) {
            o.tag(HEADERS_HASH).fixed(e.headersHash(), 4);
        }
        // Fixed widths for what every pass rewrites, so the rewrite fits in the record's place.
        o.tag(LAST_SEEN).fixed(e.lastSeen(), 8);
        o.tag(STATUS).fixed(e.status(), 2);
        o.tag(REVISIT_SECONDS).fixed(e.revisitSeconds(), 4);
        o.tag(DEPTH).varlong(e.depth());
        if (e.stored()) {
            o.tag(STORED);
        }
        if (e.misses() != 0) {
            o.tag(MISSES).varlong(e.misses());
        }
        if (e.redirect() != null) {
            o.tag(REDIRECT).string(e.redirect());
        }
        if (e.speculative()) {
            o.tag(SPECULATIVE);
        }
        if (e.redirectObject() != null) {
            o.tag(REDIRECT_OBJECT).string(e.redirectObject());
            if (e.redirectFinal() != null) {
                o.tag(REDIRECT_FINAL).string(e.redirectFinal());
            }
        }
        return o.toByteArray();
    }

    ManifestEntry decode(String path, byte[] b) {
        ManifestEntry.Builder e = ManifestEntry.builder(path);
        String ro = null, rf = null;
        int p = 0;
        while (p < b.length) {
            int tag = b[p++];
            switch (tag) {
                case ETAG: e.etag(string(b, p)); break;
                case LM_SECONDS: e.lastModified(HttpDates.format(varlong(b, p))); break;
                case LM: e.lastModified(string(b, p)); break;
                case MD5_BYTES: e.md5(hex(b, p)); p += 16; continue;
                case MD5: e.md5(string(b, p)); break;
                case SIZE: e.size(varlong(b, p)); break;
                case TYPE_INDEX: e.contentType(types.get((int) varlong(b, p))); break;
                case TYPE: e.contentType(string(b, p)); break;
                case HEADERS_HASH: e.headersHash((int) fixed(b, p, 4)); p += 4; continue;
                case LAST_SEEN: e.lastSeen(fixed(b, p, 8)); p += 8; continue;
                case STATUS: e.status((int) fixed(b, p, 2)); p += 2; continue;
                case REVISIT_SECONDS: e.revisitSeconds((int) fixed(b, p, 4)); p += 4; continue;
                case DEPTH: e.depth((int) varlong(b, p)); break;
                case STORED: e.stored(true); continue;
                case MISSES: e.misses((int) varlong(b, p)); break;
                case REDIRECT: e.redirect(string(b, p)); break;
                case SPECULATIVE: e.speculative(true); continue;
                case REDIRECT_OBJECT: ro = constant(string(b, p)); break;
                case REDIRECT_FINAL: rf = string(b, p); break;
                default: throw new IllegalStateException("manifest codec: unknown tag " + tag);
            }
            // Variable-length payloads: a varint, or a varint length and that many bytes.
            boolean stringTag = tag == ETAG || tag == LM || tag == MD5 || tag == TYPE || tag == REDIRECT
                    || tag == REDIRECT_OBJECT || tag == REDIRECT_FINAL;
            int len = stringTag ? (int) varlong(b, p) : 0;
            p = skipVarlong(b, p) + len;
        }
        return e.redirectObject(ro, rf).build();
    }

    private static String constant(String s) {
        return ManifestEntry.REDIRECT_PAGE.equals(s) ? ManifestEntry.REDIRECT_PAGE
                : ManifestEntry.REDIRECT_COPY.equals(s) ? ManifestEntry.REDIRECT_COPY : s;
    }

    private static byte[] hex16(String s) {
        if (s.length() != 32) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < 32; i++) {
            char c = s.charAt(i);
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (d < 0) {
                return null; // upper case or not hex: kept as the string, so it reads back the same
            }
            out[i / 2] |= (byte) (i % 2 == 0 ? d << 4 : d);
        }
        return out;
    }

    private static String hex(byte[] b, int p) {
        char[] c = new char[32];
        for (int i = 0; i < 16; i++) {
            c[2 * i] = Character.forDigit((b[p + i] >> 4) & 0xf, 16);
            c[2 * i + 1] = Character.forDigit(b[p + i] & 0xf, 16);
        }
        return new String(c);
    }

    private static long varlong(byte[] b, int p) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b[p++];
            v |= (long) (x & 0x7f) << shift;
            if (x >= 0) {
                return v;
            }
        }
    }

    private static int skipVarlong(byte[] b, int p) {
        while (b[p++] < 0) {
            // continuation bytes
        }
        return p;
    }

    private static long fixed(byte[] b, int p, int width) {
        long v = 0;
        for (int i = 0; i < width; i++) {
            v = (v << 8) | (b[p + i] & 0xff);
        }
        // Widths below 8 hold ints: sign-extend them.
        return width == 8 ? v : width == 4 ? (int) v : v;
    }

    private static String string(byte[] b, int p) {
        int len = (int) varlong(b, p);
        return new String(b, skipVarlong(b, p), len, StandardCharsets.UTF_8);
    }

    private static final class Out extends ByteArrayOutputStream {
        Out() {
            super(96);
        }

        Out tag(int t) {
            write(t);
            return this;
        }

        Out varlong(long v) {
            while ((v & ~0x7fL) != 0) {
                write((int) ((v & 0x7f) | 0x80));
                v >>>= 7;
            }
            write((int) v);
            return this;
        }

        Out fixed(long v, int width) {
            for (int i = width - 1; i >= 0; i--) {
                write((int) (v >>> (8 * i)));
            }
            return this;
        }

        Out string(String s) {
            byte[] u = s.getBytes(StandardCharsets.UTF_8);
            varlong(u.length);
            write(u, 0, u.length);
            return this;
        }
    }

    /** IMF-fixdate ("Tue, 14 Nov 2023 22:13:20 GMT") as epoch seconds, only where formatting gives the same text. */
    static final class HttpDates {
        private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
        private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                "Nov", "Dec"};

        private HttpDates() {
        }

        /** Seconds since the epoch, or -1 when {@code s} is not exactly the date {@link #format} writes. */
        static long seconds(String s) {
            if (s.length() != 29 || !s.endsWith(" GMT") || s.charAt(3) != ',') {
                return -1;
            }
            int day = digits(s, 5, 2);
            int month = indexOf(MONTHS, s.substring(8, 11)) + 1;
            int year = digits(s, 12, 4);
            int h = digits(s, 17, 2);
            int m = digits(s, 20, 2);
            int sec = digits(s, 23, 2);
            if (day < 1 || month == 0 || year < 1970 || h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59) {
                return -1;
            }
            long days = daysFromCivil(year, month, day);
            long t = days * 86400 + h * 3600 + m * 60 + sec;
            // A day past the month's end or a wrong weekday would not come back the same: kept as the string.
            return format(t).equals(s) ? t : -1;
        }

        /**
         * The IMF-fixdate of {@code seconds}, computed with integer arithmetic: every entry's Last-Modified is
         * formatted when the manifest is listed and parsed when an entry is recorded, a million times a pass. Only
         * what {@link #seconds} returned comes here: a year from 1970 to 9999.
         */
        static String format(long seconds) {
            long days = Math.floorDiv(seconds, 86400);
            int sod = (int) Math.floorMod(seconds, 86400);
            // Civil date from days since 1970-01-01 (proleptic Gregorian), in 400-year eras of 146 097 days.
            long z = days + 719_468;
            long era = Math.floorDiv(z, 146_097);
            long doe = z - era * 146_097;
            long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
            long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
            long mp = (5 * doy + 2) / 153;
            int d = (int) (doy - (153 * mp + 2) / 5 + 1);
            int month = (int) (mp < 10 ? mp + 3 : mp - 9);
            long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
            if (year < 1970 || year > 9999) {
                throw new IllegalArgumentException("not a time seconds() returns: " + seconds);
            }
            char[] c = new char[29];
            String dayName = DAYS[(int) Math.floorMod(days + 3, 7)];
            dayName.getChars(0, 3, c, 0);
            c[3] = ',';
            c[4] = ' ';
            two(c, 5, d);
            c[7] = ' ';
            MONTHS[month - 1].getChars(0, 3, c, 8);
            c[11] = ' ';
            two(c, 12, (int) (year / 100));
            two(c, 14, (int) (year % 100));
            c[16] = ' ';
            two(c, 17, sod / 3600);
            c[19] = ':';
            two(c, 20, sod / 60 % 60);
            c[22] = ':';
            two(c, 23, sod % 60);
            " GMT".getChars(0, 4, c, 25);
            return new String(c);
        }

        private static long daysFromCivil(int year, int month, int day) {
            long y = month <= 2 ? year - 1 : year;
            long era = Math.floorDiv(y, 400);
            long yoe = y - era * 400;
            long doy = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
            long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
            return era * 146_097 + doe - 719_468;
        }

        /** The decimal number in {@code s[from, from + n)}, or -1 when it is not all digits. */
        private static int digits(String s, int from, int n) {
            int v = 0;
            for (int i = from; i < from + n; i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                v = v * 10 + (c - '0');
            }
            return v;
        }

        private static void two(char[] c, int at, int v) {
            c[at] = (char) ('0' + v / 10);
            c[at + 1] = (char) ('0' + v % 10);
        }

        private static int indexOf(String[] a, String s) {
            for (int i = 0; i < a.length; i++) {
                if (a[i].equals(s)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
