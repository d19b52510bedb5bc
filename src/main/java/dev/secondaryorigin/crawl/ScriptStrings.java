package dev.secondaryorigin.crawl;

/**
 * The string literals of JavaScript or JSON text, found by a single forward scan with no regular
 * expressions and no recursion: time linear in the text, constant stack, whatever the input (unclosed
 * strings, comments or templates, a million nested template substitutions).
 *
 * <p>Reports single- and double-quoted strings and template literals without substitutions, with JS
 * escapes decoded. Skips comments, regular-expression literals (told from division by the token before the
 * slash), template literals with a {@code ${}} substitution (their text is not a URL on its own) and
 * strings longer than the caller's limit (stepped over without being copied). A string is reported with
 * the JSON / object-literal key it is the value of ({@code "start_url": "/"}), or null; keys themselves
 * are not reported. A string broken by a line end (not valid JS) is not reported, and the scan resynchronises
 * at that line end, so one misread token costs at most one line.
 */
final class ScriptStrings {
    /** Receives each string; returns false to stop the scan. */
    interface Sink {
        boolean string(String value, String key);
    }

    /** Keywords after which a slash starts a regular expression rather than a division. */
    private static final java.util.Set<String> REGEX_KEYWORDS = new java.util.HashSet<>(java.util.Arrays.asList(
            "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else",
            "yield", "await"));

    /** What the previous significant token was, for the regex-or-division question and for keys. */
    private static final int NONE = 0;
    private static final int OPERAND = 1; // identifier, number, ')' or ']', a regex, a string: '/' divides
    private static final int PUNCT = 2;   // any other punctuator or a keyword: '/' starts a regex

    private final String s;
    private final int n;
    private final Sink sink;
    private final ParseBudget budget;
    private final int maxChars;
    private int prev = NONE;
    private char prevChar;
    private String lastKey;
    private boolean stopped;
    /** Brace depths at which open template substitutions close; an explicit stack instead of recursion. */
    private int[] templates = new int[8];
    private int templateTop;
    private int braceDepth;

    private ScriptStrings(String s, Sink sink, ParseBudget budget, int maxChars) {
        this.s = s;
        this.n = s.length();
        this.sink = sink;
        this.budget = budget;
        this.maxChars = maxChars;
    }

    /** Calls {@code sink} with each string literal of {@code text} of at most {@code maxChars} characters. */
    static void scan(String text, Sink sink, ParseBudget budget, int maxChars) {
        new ScriptStrings(text, sink, budget, maxChars).run();
    }

    private void run() {
        int i = 0;
        while (i < n && !stopped) {
            budget.tick();
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000b') {
                i++;
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                int nl = lineEnd(i + 2);
                i = nl < 0 ? n : nl;
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '/') {
                i = slash(i);
            } else if (c == '"' || c == '\'') {
                i = quoted(i);
            } else if (c == '`') {
                i = template(i + 1);
            } else if (isIdentifierPart(c)) {
                int start = i;
                while (i < n && isIdentifierPart(s.charAt(i))) {
                    i++;
                }
                if (isKey(i)) {
                    lastKey = i - start <= 64 ? s.substring(start, i) : null;
                }
                prev = REGEX_KEYWORDS.contains(s.substring(start, Math.min(i, start + 12))) ? PUNCT : OPERAND;
            } else if (c == '{') {
                braceDepth++;
                punct(c);
                i++;
            } else if (c == '}') {
                if (templateTop > 0 && braceDepth == templates[templateTop - 1]) {
                    templateTop--;
                    i = templateRest(i + 1);
                } else {
                    braceDepth = Math.max(0, braceDepth - 1);
                    punct(c);
                    i++;
                }
            } else if (c == ')' || c == ']') {
                prev = OPERAND;
                prevChar = c;
                i++;
            } else {
                punct(c);
                i++;
            }
        }
    }

    private void punct(char c) {
        prev = PUNCT;
        prevChar = c;
    }

    /** A slash that is no comment: a regex literal where an operand is expected, else a division. */
    private int slash(int i) {
        if (prev == OPERAND) {
            punct('/');
            return i + 1;
        }
        boolean inClass = false;
        int j = i + 1;
        while (j < n) {
            budget.tick();
            char c = s.charAt(j);
            if (c == '\n' || c == '\r') {
                break; // no regex spans lines: it was a division after all
            }
            if (c == '\\') {
                j += 2;
                continue;
            }
            if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '/') {
                j++;
                while (j < n && isIdentifierPart(s.charAt(j))) {
                    j++; // flags
                }
                prev = OPERAND;
                prevChar = '/';
                return j;
            }
            j++;
        }
        punct('/');
        return i + 1;
    }

    /** A '…' or "…" string starting at {@code i}; returns the index after it. */
    private int quoted(int i) {
        char q = s.charAt(i);
        int j = i + 1;
        boolean escapes = false;
        while (j < n) {
            budget.tick();
            char c = s.charAt(j);
            if (c == q) {
                string(i + 1, j, escapes, j + 1);
                return j + 1;
            }
            if (c == '\\') {
                escapes = true;
                j += 2;
            } else if (c == '\n' || c == '\r') {
                prev = NONE;
                return j; // broken string: resynchronise at the line end
            } else {
                j++;
            }
        }
        return n;
    }

    /** A closed quoted string s[from, to): a key (followed by ':' in an object) or a value to report. */
    private void string(int from, int to, boolean escapes, int after) {
        boolean key = isKey(after);
        String value = to - from <= maxChars ? (escapes ? unescape(from, to) : s.substring(from, to)) : null;
        if (key) {
            lastKey = value;
        } else if (value != null) {
            boolean isValue = prev == PUNCT && prevChar == ':';
            if (!sink.string(value, isValue ? lastKey : null)) {
                stopped = true;
            }
        }
        prev = OPERAND;
        prevChar = '"';
    }

    /** Whether the token ending before {@code after} is an object key: after '{' or ',', before ':'. */
    private boolean isKey(int after) {
        if (prev != PUNCT || (prevChar != '{' && prevChar != ',')) {
            return false;
        }
        int k = after;
        while (k < n && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) {
            k++;
        }
        return k < n && s.charAt(k) == ':';
    }

    /** Template text from {@code i} (after '`' or after a substitution's '}'). */
    private int template(int i) {
        return templateText(i, false);
    }

    private int templateRest(int i) {
        return templateText(i, true);
    }

    /**
     * Template text from {@code i} to its closing backtick (reported when the template had no substitution)
     * or to a {@code ${}, after which the main loop reads the substitution as code until its closing brace.
     */
    private int templateText(int i, boolean substituted) {
        int start = i;
        int j = i;
        boolean escapes = false;
        while (j < n) {
            budget.tick();
            char c = s.charAt(j);
            if (c == '`') {
                if (!substituted) {
                    prev = PUNCT; // not a key/value context
                    prevChar = '`';
                    if (j - start <= maxChars) {
                        String v = escapes ? unescape(start, j) : s.substring(start, j);
                        if (!sink.string(v, null)) {
                            stopped = true;
                        }
                    }
                }
                prev = OPERAND;
                prevChar = '`';
                return j + 1;
            }
            if (c == '\\') {
                escapes = true;
                j += 2;
            } else if (c == '$' && j + 1 < n && s.charAt(j + 1) == '{') {
                if (templateTop == templates.length) {
                    templates = java.util.Arrays.copyOf(templates, templates.length * 2);
                }
                templates[templateTop++] = braceDepth;
                prev = PUNCT;
                prevChar = '{';
                return j + 2;
            } else {
                j++;
            }
        }
        return n;
    }

    /** Index of the next line end at or after {@code i}, or -1. */
    private int lineEnd(int i) {
        for (int j = i; j < n; j++) {
            char c = s.charAt(j);
            if (c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029') {
                return j;
            }
        }
        return -1;
    }

    private static boolean isIdentifierPart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$'
                || (c > 0x7f && Character.isLetterOrDigit(c));
    }

    /**
     * s[from, to) with JS escapes decoded: {@code \/}, {@code \\}, quotes, hex escapes (x, u and u{…}
     * forms); a line continuation is dropped; {@code \n} and friends become their control
     * characters (which no URL candidate survives).
     */
    private String unescape(int from, int to) {
        StringBuilder b = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= to) {
                b.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n': b.append('\n'); break;
                case 't': b.append('\t'); break;
                case 'r': b.append('\r'); break;
                case 'b': b.append('\b'); break;
                case 'f': b.append('\f'); break;
                case 'v': b.append('\u000b'); break;
                case '0': b.append('\0'); break;
                case '\n': break;
                case '\r':
                    if (i + 1 < to && s.charAt(i + 1) == '\n') {
                        i++;
                    }
                    break;
                case 'x':
                    i = hex(b, i + 1, 2, to) - 1;
                    break;
                case 'u':
                    if (i + 1 < to && s.charAt(i + 1) == '{') {
                        int close = i + 2;
                        while (close < to && close - i < 10 && s.charAt(close) != '}') {
                            close++;
                        }
                        if (close < to && s.charAt(close) == '}') {
                            appendCodePoint(b, s.substring(i + 2, close));
                            i = close;
                        } else {
                            b.append('\u0000');
                        }
                    } else {
                        i = hex(b, i + 1, 4, to) - 1;
                    }
                    break;
                default:
                    b.append(e);
            }
        }
        return b.toString();
    }

    /** Appends the code unit of {@code digits} hex digits at {@code i}; a malformed escape appends NUL. */
    private int hex(StringBuilder b, int i, int digits, int to) {
        if (i + digits > to) {
            b.append('\u0000');
            return to;
        }
        appendCodePoint(b, s.substring(i, i + digits));
        return i + digits;
    }

    private static void appendCodePoint(StringBuilder b, String hex) {
        int cp;
        try {
            cp = Integer.parseInt(hex, 16);
        } catch (NumberFormatException e) {
            cp = 0;
        }
        b.appendCodePoint(cp >= 0 && cp <= Character.MAX_CODE_POINT ? cp : 0);
    }
}
