package dev.secondaryorigin.store;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Spells user-metadata values so they survive as HTTP header values. OSS signs {@code x-oss-meta-*} headers, and
 * a value outside printable ASCII (a Chinese path in a source URL) is re-encoded by the HTTP client after signing,
 * which breaks the signature; so such characters, and '%' itself, are percent-encoded (UTF-8) on the way in and
 * decoded on the way out.
 */
final class MetaValues {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private MetaValues() {
    }

    static String encode(String value) {
        StringBuilder sb = null;
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            boolean edgeSpace = c == ' ' && (i == 0 || i == n - 1);
            if (c >= 0x20 && c < 0x7f && c != '%' && !edgeSpace) {
                if (sb != null) {
                    sb.append(c);
                }
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(n + 16).append(value, 0, i);
            }
            int cp = value.codePointAt(i);
            if (Character.isSupplementaryCodePoint(cp)) {
                i++;
            }
            for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                sb.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
        }
        return sb == null ? value : sb.toString();
    }

    /** Reverses {@link #encode}; a value that is not valid percent-encoded UTF-8 (written by another tool) is kept as is. */
    static String decode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                if (i + 2 >= value.length()) {
                    return value;
                }
                int hi = Character.digit(value.charAt(i + 1), 16);
                int lo = Character.digit(value.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return value;
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                return value;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return value;
        }
    }
}
