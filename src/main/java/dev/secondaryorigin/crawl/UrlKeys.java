package dev.secondaryorigin.crawl;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Paths and keys. A <em>path</em> is the canonical, percent-encoded request path of a URL on the task's
 * site ({@code /docs/a%20b.html}); its <em>key</em> is what the CDN will ask the bucket for: the path
 * percent-decoded as UTF-8, without the leading slash, with {@code index.html} added to directories.
 */
public final class UrlKeys {
    /** OSS's limit on key length, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 1023;
    public static final int MAX_PATH_CHARS = 2048;
    public static final String INDEX = "index.html";

    private UrlKeys() {
    }

    /**
     * Canonical form of a raw path (no scheme/host, query and fragment already removed): dot segments
     * resolved, percent-escapes of unreserved characters decoded, other escapes upper-cased, and
     * characters that are not legal in a URL path percent-encoded as UTF-8.
     */
    public static String canonicalPath(String rawPath) throws RefusedUrlException {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        if (rawPath.length() > MAX_PATH_CHARS) {
            throw new RefusedUrlException("url-too-long", "path longer than " + MAX_PATH_CHARS + " characters");
        }
        if (rawPath.charAt(0) != '/') {
            rawPath = "/" + rawPath;
        }
        StringBuilder enc = new StringBuilder(rawPath.length() + 16);
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '%' && i + 2 < rawPath.length()
                    && hex(rawPath.charAt(i + 1)) >= 0 && hex(rawPath.charAt(i + 2)) >= 0) {
                int b = hex(rawPath.charAt(i + 1)) * 16 + hex(rawPath.charAt(i + 2));
                if (isUnreserved((char) b)) {
                    enc.append((char) b);
                } else {
                    enc.append('%').append(Character.toUpperCase(rawPath.charAt(i + 1)))
                            .append(Character.toUpperCase(rawPath.charAt(i + 2)));
                }
                i += 2;
            } else if (c < 0x20 || c == 0x7f) {
                throw new RefusedUrlException("control-character", "control character in path");
            } else if (isPathChar(c)) {
                enc.append(c);
            } else {
                int cp = rawPath.codePointAt(i);
                if (Character.charCount(cp) == 2) {
                    i++;
                }
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    enc.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
                }
            }
        }
        return removeDotSegments(enc.toString());
    }

    /** RFC 3986 5.2.4, so {@code /a/./b/../c} is {@code /a/c} and nothing climbs above the root. */
    static String removeDotSegments(String path) {
        String[] segs = path.split("/", -1);
        java.util.ArrayDeque<String> out = new java.util.ArrayDeque<>();
        for (int i = 1; i < segs.length; i++) {
            String s = segs[i];
            boolean last = i == segs.length - 1;
            if (s.equals(".")) {
                if (last) {
                    out.addLast("");
                }
            } else if (s.equals("..")) {
                if (!out.isEmpty()) {
                    out.removeLast();
                }
                if (last) {
                    out.addLast("");
                }
            } else {
                out.addLast(s);
            }
        }
        StringBuilder b = new StringBuilder();
        for (String s : out) {
            b.append('/').append(s);
        }
        return b.length() == 0 ? "/" : b.toString();
    }

    /** The object key for a canonical path. Refuses paths no bucket key can represent safely. */
    public static String keyFor(String path) throws RefusedUrlException {
        String decoded = decode(path);
        String key = decoded.substring(1);
        if (key.isEmpty() || key.endsWith("/")) {
            key = key + INDEX;
        }
        String[] segs = key.split("/", -1);
        for (String s : segs) {
            if (s.isEmpty()) {
                throw new RefusedUrlException("bad-key", "empty path segment in \"" + abbreviate(path) + "\"");
            }
            if (s.equals("..") || s.equals(".")) {
                throw new RefusedUrlException("path-traversal", "dot segment in \"" + abbreviate(path) + "\"");
            }
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                throw new RefusedUrlException("control-character", "control character or backslash in key");
            }
        }
        if (key.startsWith(".secondary-origin/") || key.equals(".secondary-origin")) {
            throw new RefusedUrlException("reserved-key", "path uses the reserved .secondary-origin/ prefix");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new RefusedUrlException("key-too-long", "key longer than " + MAX_KEY_BYTES + " bytes");
        }
        return key;
    }

    /** Percent-decodes a canonical path as UTF-8; malformed UTF-8 is refused. */
    public static String decode(String path) throws RefusedUrlException {
        if (path.indexOf('%') < 0) {
            return path;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' && i + 2 < path.length()
                    && hex(path.charAt(i + 1)) >= 0 && hex(path.charAt(i + 2)) >= 0) {
                bytes.write(hex(path.charAt(i + 1)) * 16 + hex(path.charAt(i + 2)));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer cb = dec.decode(ByteBuffer.wrap(bytes.toByteArray()));
            return cb.toString();
        } catch (CharacterCodingException e) {
            throw new RefusedUrlException("bad-encoding", "path is not valid UTF-8 when decoded");
        }
    }

    static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static boolean isPathChar(char c) {
        return isUnreserved(c) || c == '/' || c == '!' || c == '$' || c == '&' || c == '\'' || c == '('
                || c == ')' || c == '*' || c == '+' || c == ',' || c == ';' || c == '=' || c == ':' || c == '@';
    }
}
