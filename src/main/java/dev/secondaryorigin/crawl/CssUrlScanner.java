package dev.secondaryorigin.crawl;

import java.util.function.Consumer;

/**
 * The URLs in CSS text, found in one left-to-right pass with no regular expressions and no recursion,
 * so its time is linear in the text and its stack constant, whatever the input (a megabyte-long quoted
 * value, unclosed comments or strings, a million {@code url(} with no closing parenthesis).
 *
 * <p>Reports, raw (unresolved, CSS escapes decoded): {@code url(...)} in all three forms (double-quoted,
 * single-quoted, unquoted), {@code @import "..."} / {@code @import '...'} (and {@code @import url(...)}),
 * and the strings directly inside {@code image-set(...)} / {@code -webkit-image-set(...)}. Skips comments,
 * other strings (so {@code content: "url(x)"} is not a link), malformed {@code url(} tokens, and
 * {@code data:} URLs, which are stepped over without being copied.
 */
final class CssUrlScanner {
    private static final String DATA = "data:";

    private final String css;
    private final int n;
    private final Consumer<String> sink;
    private final ParseBudget budget;
    /** Whether the last string {@link #stringEnd} stepped over ended with its closing quote. */
    private boolean stringClosed;

    private CssUrlScanner(String css, Consumer<String> sink, ParseBudget budget) {
        this.css = css;
        this.n = css.length();
        this.sink = sink;
        this.budget = budget;
    }

    /** Calls {@code sink} with every raw URL of {@code css}, in order. */
    static void scan(String css, Consumer<String> sink, ParseBudget budget) {
        new CssUrlScanner(css, sink, budget).run();
    }

    private void run() {
        int depth = 0;
        int imageSetDepth = -1;
        int i = 0;
        while (i < n) {
            budget.tick();
            char c = css.charAt(i);
            if (c == '/' && i + 1 < n && css.charAt(i + 1) == '*') {
                i = skipComment(i);
            } else if (c == '"' || c == '\'') {
                int end = stringEnd(i);
                if (imageSetDepth >= 0 && depth == imageSetDepth + 1) {
                    emitString(i, end);
                }
                i = end;
            } else if (c == '\\') {
                i += 2;
            } else if (c == '(') {
                depth++;
                i++;
            } else if (c == ')') {
                if (depth > 0) {
                    depth--;
                }
                if (depth <= imageSetDepth) {
                    imageSetDepth = -1;
                }
                i++;
            } else if ((c == 'u' || c == 'U') && startsFunction(i, "url(")) {
                i = url(i + 4);
            } else if ((c == 'i' || c == 'I') && startsFunction(i, "image-set(")) {
                imageSetDepth = depth;
                depth++;
                i += "image-set(".length();
            } else if (c == '@' && css.regionMatches(true, i, "@import", 0, 7)) {
                i = importRule(i + 7);
            } else {
                i++;
            }
        }
    }

    /**
     * True when {@code name} (ending in '(') starts at {@code i} as a function name: not the tail of a
     * longer identifier ({@code myurl(}); a vendor prefix ending in '-' is allowed ({@code -webkit-image-set(}).
     */
    private boolean startsFunction(int i, String name) {
        if (!css.regionMatches(true, i, name, 0, name.length())) {
            return false;
        }
        if (i == 0) {
            return true;
        }
        char p = css.charAt(i - 1);
        return !(Character.isLetterOrDigit(p) || p == '_' || p == '\\' || (p == '-' && name.equals("url(")));
    }

    /** Index after the comment starting at {@code i} (the end of the text for an unclosed one). */
    private int skipComment(int i) {
        int end = css.indexOf("*/", i + 2);
        return end < 0 ? n : end + 2;
    }

    /**
     * Index after the string whose opening quote is at {@code i}: after its closing quote, or at the
     * unescaped newline or end of text that ends a broken string ({@link #stringClosed} tells which).
     */
    private int stringEnd(int i) {
        char q = css.charAt(i);
        int j = i + 1;
        while (j < n) {
            char c = css.charAt(j);
            if (c == q) {
                stringClosed = true;
                return j + 1;
            }
            if (c == '\\') {
                j += 2;
            } else if (c == '\n' || c == '\r' || c == '\f') {
                stringClosed = false;
                return j;
            } else {
                j++;
            }
        }
        stringClosed = false;
        return n;
    }

    /**
     * Reports the contents of the string spanning [start, end), as {@link #stringEnd} just left it; a
     * broken (unclosed) string is not a URL.
     */
    private void emitString(int start, int end) {
        if (stringClosed) {
            emit(start + 1, end - 1);
        }
    }

    /** Reports css[from, to), trimmed and unescaped, unless it is empty or a data: URL. */
    private void emit(int from, int to) {
        while (from < to && isWhitespace(css.charAt(from))) {
            from++;
        }
        while (to > from && isWhitespace(css.charAt(to - 1))) {
            to--;
        }
        if (from >= to || css.regionMatches(true, from, DATA, 0, DATA.length())) {
            return;
        }
        sink.accept(unescape(css, from, to));
    }

    /** Reads a url( token whose argument starts at {@code i}; returns the index after it. */
    private int url(int i) {
        i = skipWhitespace(i);
        if (i >= n) {
            return n;
        }
        char c = css.charAt(i);
        if (c == '"' || c == '\'') {
            int end = stringEnd(i);
            boolean closed = stringClosed;
            int after = skipWhitespace(end);
            if (closed && after < n && css.charAt(after) == ')') {
                emitString(i, end);
                return after + 1;
            }
            // url("x" junk) or an unterminated string: a function with a string argument, not a URL.
            return end;
        }
        int start = i;
        while (i < n) {
            c = css.charAt(i);
            if (c == ')') {
                emit(start, i);
                return i + 1;
            }
            if (isWhitespace(c)) {
                int after = skipWhitespace(i);
                if (after < n && css.charAt(after) == ')') {
                    emit(start, i);
                    return after + 1;
                }
                return badUrl(after);
            }
            if (c == '"' || c == '\'' || c == '(' || (c < 0x20 && c != '\t') || c == 0x7f) {
                return badUrl(i);
            }
            if (c == '\\') {
                if (i + 1 < n && (css.charAt(i + 1) == '\n' || css.charAt(i + 1) == '\r' || css.charAt(i + 1) == '\f')) {
                    return badUrl(i);
                }
                i = afterEscape(i);
            } else {
                i++;
            }
        }
        // An unquoted url( that runs to the end of the text (CSS closes it there).
        emit(start, Math.min(i, n));
        return n;
    }

    /**
     * Index after the escape whose backslash is at {@code i}: up to six hex digits and one white space
     * after them ({@code \2f x} is "/x"), or the one escaped character.
     */
    private int afterEscape(int i) {
        int j = i + 1;
        while (j < n && j - i <= 6 && Character.digit(css.charAt(j), 16) >= 0) {
            j++;
        }
        if (j == i + 1) {
            return i + 2;
        }
        return j < n && isWhitespace(css.charAt(j)) ? j + 1 : j;
    }

    /** CSS "consume the remnants of a bad url": up to and past the next unescaped ')'. */
    private int badUrl(int i) {
        while (i < n) {
            char c = css.charAt(i);
            if (c == ')') {
                return i + 1;
            }
            i += c == '\\' ? 2 : 1;
        }
        return n;
    }

    /** After {@code @import}: reports a quoted URL; a url( is left to the main loop. */
    private int importRule(int i) {
        while (true) {
            i = skipWhitespace(i);
            if (i + 1 < n && css.charAt(i) == '/' && css.charAt(i + 1) == '*') {
                i = skipComment(i);
            } else {
                break;
            }
        }
        if (i < n && (css.charAt(i) == '"' || css.charAt(i) == '\'')) {
            int end = stringEnd(i);
            emitString(i, end);
            return end;
        }
        return i;
    }

    private int skipWhitespace(int i) {
        while (i < n && isWhitespace(css.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }

    /** css[from, to) with CSS escapes decoded: {@code \"}, {@code \)}, hex escapes ({@code \2f }). */
    static String unescape(String s, int from, int to) {
        int slash = from;
        while (slash < to && s.charAt(slash) != '\\') {
            slash++; // not indexOf: it would search past 'to', to the end of the text, for every URL
        }
        if (slash == to) {
            return s.substring(from, to);
        }
        StringBuilder b = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (i + 1 >= to) {
                break;
            }
            int j = i + 1;
            int hexEnd = j;
            while (hexEnd < to && hexEnd - j < 6 && Character.digit(s.charAt(hexEnd), 16) >= 0) {
                hexEnd++;
            }
            if (hexEnd > j) {
                int cp = Integer.parseInt(s.substring(j, hexEnd), 16);
                boolean valid = cp != 0 && cp <= Character.MAX_CODE_POINT
                        && !(cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
                b.appendCodePoint(valid ? cp : 0xFFFD);
                i = hexEnd - 1;
                if (i + 1 < to && isWhitespace(s.charAt(i + 1))) {
                    i++;
                }
            } else if (s.charAt(j) == '\n' || s.charAt(j) == '\r' || s.charAt(j) == '\f') {
                // A line continuation inside a string: nothing.
                i = j;
            } else {
                b.append(s.charAt(j));
                i = j;
            }
        }
        return b.toString();
    }
}
