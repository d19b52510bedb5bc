package dev.secondaryorigin.crawl;

/**
 * Tells, from the bytes alone, when jsoup's charset detection could only end in UTF-8, so the document can be
 * parsed once as UTF-8. Without a charset, jsoup parses the first 5 KiB to look for a {@code <meta charset>},
 * a {@code <meta http-equiv="Content-Type">} or an XML declaration's encoding, then parses the whole document
 * again when it is longer than that (or names UTF-8 in lower case): most pages were read twice.
 *
 * <p>Conservative on purpose: every {@code charset} and {@code encoding} in the first {@link #WINDOW} bytes
 * (more than jsoup looks at) must be followed by {@code =utf-8} (or {@code utf8}), and a window with an
 * {@code http-equiv} must hold no character reference (jsoup decodes them in the {@code content} attribute).
 * Anything else, including the words in plain text, leaves the document to jsoup's detection. A byte-order
 * mark is jsoup's to read either way: it overrides the charset given.
 */
final class Utf8Prescan {
    /** Bytes looked at: more than jsoup's 5 KiB, so nothing jsoup would see is missed. */
    static final int WINDOW = 8192;

    private Utf8Prescan() {
    }

    /** True when the document declares no charset but UTF-8 where jsoup looks for one. */
    static boolean onlyUtf8(byte[] body) {
        int end = Math.min(body.length, WINDOW);
        boolean httpEquiv = false;
        boolean reference = false;
        for (int i = 0; i < end; i++) {
            byte b = body[i];
            if (b == '&') {
                reference = true;
            } else if (b == 'c' || b == 'C') {
                if (at(body, i, end, "charset") && !namesUtf8(body, i + 7, end)) {
                    return false;
                }
            } else if (b == 'e' || b == 'E') {
                if (at(body, i, end, "encoding") && !namesUtf8(body, i + 8, end)) {
                    return false;
                }
            } else if (b == 'h' || b == 'H') {
                httpEquiv |= at(body, i, end, "http-equiv");
            }
        }
        return !(httpEquiv && reference);
    }

    /** {@code =}, optional quote, {@code utf-8} or {@code utf8}, then the end of the name (spaces allowed). */
    private static boolean namesUtf8(byte[] b, int i, int end) {
        i = spaces(b, i, end);
        if (i >= end || b[i] != '=') {
            return false;
        }
        i = spaces(b, i + 1, end);
        if (i < end && (b[i] == '"' || b[i] == '\'')) {
            i++;
        }
        if (at(b, i, end, "utf-8")) {
            i += 5;
        } else if (at(b, i, end, "utf8")) {
            i += 4;
        } else {
            return false;
        }
        return i < end && !nameChar(b[i]);
    }

    private static int spaces(byte[] b, int i, int end) {
        while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r' || b[i] == '\f')) {
            i++;
        }
        return i;
    }

    private static boolean nameChar(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                || c == '.' || c == ':' || c == '+' || c < 0;
    }

    /** ASCII case-insensitive match of a lower-case word at i (also the HTML scanner's). */
    static boolean at(byte[] b, int i, int end, String word) {
        if (end - i < word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            int c = b[i + k];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
