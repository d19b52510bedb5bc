package dev.secondaryorigin.crawl;

import org.jsoup.internal.StringUtil;
import org.jsoup.parser.Parser;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the elements that hold links in the bytes of an HTML document, without a tree and without decoding
 * text: one linear pass through the states of jsoup's tokenizer (data, tags and attributes, comments, bogus
 * comments and doctypes, CDATA, RCDATA, raw text, script data with its escaped states, plaintext), with
 * {@link HtmlTreeShape} deciding which tags become elements. Only the attribute values the link rules read,
 * and the text of style and (when scripts are read) script elements, are decoded, with the document's
 * charset, which must be ASCII-compatible. The result is what {@link LinkExtractor}'s jsoup walk would see:
 * the same elements, attributes and data, in the same order, and the same base URL.
 *
 * <p>When the document needs tree construction this scanner does not follow, {@link #scan} returns null and
 * jsoup reads it (see {@link HtmlTreeShape}); so does an RCDATA element (title, textarea) holding a tag-like
 * {@code <x} without its end tag in sight, where jsoup's answer depends on how much input it has buffered.
 *
 * <p>Nothing recurses; every loop advances through the input; the budget is ticked once per tag.
 */
final class HtmlLinkScanner {
    /** jsoup keeps at most this many attributes of a tag (duplicates counted). */
    private static final int MAX_ATTRIBUTES = 512;
    /** How far ahead jsoup's character buffer is sure to reach: it looks for a missing RCDATA end tag there. */
    private static final int SURE_LOOKAHEAD = 1000;

    /** The tree construction the scanner does not follow: jsoup reads the document instead. */
    static final class Unsure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsure(String why) {
            super(why, null, false, false);
        }
    }

    /** The elements that hold links, in the order jsoup's walk meets them, and the document's base URL. */
    static final class Result {
        final List<HtmlTag> tags;
        final String base;

        Result(List<HtmlTag> tags, String base) {
            this.tags = tags;
            this.base = base;
        }
    }

    private final byte[] b;
    private final int n;
    private final Charset charset;
    private final String documentUrl;
    private final boolean readsScripts;
    private final ParseBudget budget;
    private final HtmlTreeShape shape;
    private final List<HtmlTag> tags = new ArrayList<>();
    private String base;

    // The tag being read.
    private boolean startTag;
    private int nameStart;
    private int nameEnd;
    private int attributeCount;
    private final List<String> kept = new ArrayList<>();
    // The attribute being read.
    private int keyStart = -1;
    private int keyEnd;
    private boolean keyMangled;
    private int valueStart = -1;
    private int valueEnd;

    private HtmlLinkScanner(byte[] body, int start, Charset charset, String documentUrl, boolean readsScripts,
                            ParseBudget budget) {
        this.b = body;
        this.n = body.length;
        this.charset = charset;
        this.documentUrl = documentUrl;
        this.readsScripts = readsScripts;
        this.budget = budget;
        this.shape = new HtmlTreeShape(readsScripts);
        this.pos = start;
    }

    private int pos;

    /**
     * The link-holding elements of {@code body} from byte {@code start} (after a byte-order mark), or null when
     * jsoup must read the document.
     */
    static Result scan(byte[] body, int start, Charset charset, String documentUrl, boolean readsScripts,
                       ParseBudget budget) {
        budget.check();
        HtmlLinkScanner s = new HtmlLinkScanner(body, start, charset, documentUrl, readsScripts, budget);
        try {
            s.run();
        } catch (Unsure e) {
            return null;
        }
        return new Result(s.tags, s.base != null ? s.base : documentUrl);
    }

    private void run() {
        int i = pos;
        while (i < n) {
            budget.tick();
            int lt = indexOf((byte) '<', i);
            int textEnd = lt < 0 ? n : lt;
            if (shape.wantsText()) {
                text(i, textEnd);
            }
            if (lt < 0) {
                return;
            }
            i = afterLessThan(lt);
        }
    }

    /** Text in the data state, while it can still decide where the body starts. */
    private void text(int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c == '&') {
                throw new Unsure("a character reference before the body"); // it may stand for whitespace
            }
            if (!isSpace(c)) {
                shape.text();
                return;
            }
        }
    }

    private void lessThanIsText() {
        if (shape.wantsText()) {
            shape.text();
        }
    }

    /** From a {@code <} in the data state; returns where the data state resumes. */
    private int afterLessThan(int lt) {
        int p = lt + 1;
        if (p >= n) {
            lessThanIsText();
            return n;
        }
        byte c = b[p];
        if (c == '!') {
            return markupDeclaration(p + 1);
        }
        if (c == '/') {
            p++;
            if (p >= n) {
                lessThanIsText();
                return n;
            }
            if (isAlpha(b[p])) {
                return tag(p, false);
            }
            return b[p] == '>' ? p + 1 : bogusComment(p);
        }
        if (c == '?') {
            return bogusComment(p);
        }
        if (isAlpha(c)) {
            return tag(p, true);
        }
        lessThanIsText();
        return p;
    }

    private int markupDeclaration(int p) {
        if (startsWith(p, "--")) {
            return comment(p + 2);
        }
        if (startsWithIgnoreCase(p, "doctype")) {
            return bogusComment(p); // every doctype state ends at the next >
        }
        if (startsWith(p, "[CDATA[")) {
            int end = indexOf("]]>", p + 7);
            int to = end < 0 ? n : end;
            if (shape.wantsText()) {
                for (int k = p + 7; k < to; k++) {
                    if (!isSpace(b[k])) {
                        shape.text(); // CDATA is character data, not decoded
                        break;
                    }
                }
            }
            return end < 0 ? n : end + 3;
        }
        return bogusComment(p);
    }

    private int bogusComment(int p) {
        int gt = indexOf((byte) '>', p);
        return gt < 0 ? n : gt + 1;
    }

    /** A comment after {@code <!--}: the tokenizer's comment states, which end it at {@code -->} or {@code --!>}. */
    private int comment(int p) {
        int state = C_START;
        while (p < n) {
            byte c = b[p];
            switch (state) {
                case C_START:
                    if (c == '>') {
                        return p + 1;
                    }
                    if (c == '-') {
                        p++;
                        state = C_START_DASH;
                    } else {
                        state = C_TEXT; // read again as text
                    }
                    break;
                case C_START_DASH:
                    if (c == '>') {
                        return p + 1;
                    }
                    p++;
                    state = c == '-' ? C_END : C_TEXT;
                    break;
                case C_TEXT:
                    int dash = indexOf((byte) '-', p);
                    if (dash < 0) {
                        return n;
                    }
                    p = dash + 1;
                    state = C_END_DASH;
                    break;
                case C_END_DASH:
                    p++;
                    state = c == '-' ? C_END : C_TEXT;
                    break;
                case C_END:
                    if (c == '>') {
                        return p + 1;
                    }
                    p++;
                    state = c == '!' ? C_END_BANG : c == '-' ? C_END : C_TEXT;
                    break;
                default: // C_END_BANG
                    if (c == '>') {
                        return p + 1;
                    }
                    p++;
                    state = c == '-' ? C_END_DASH : C_TEXT;
            }
        }
        return n;
    }

    private static final int C_START = 0;
    private static final int C_START_DASH = 1;
    private static final int C_TEXT = 2;
    private static final int C_END_DASH = 3;
    private static final int C_END = 4;
    private static final int C_END_BANG = 5;

    /**
     * A start or end tag whose name begins at {@code p}; returns where the tokenizer goes on (the tag's text
     * content included when it is a raw text element).
     */
    private int tag(int p, boolean start) {
        startTag = start;
        nameStart = p;
        int i = p;
        while (i < n && !endsTagName(b[i])) {
            i++;
        }
        nameEnd = i;
        attributeCount = 0;
        keyStart = -1;
        String name = start ? tagName(nameStart, nameEnd) : null;
        if ("image".equals(name)) {
            name = "img"; // as jsoup's tree builder renames it outside svg (the scanner leaves svg to jsoup)
        }
        return attributesThenEmit(i, name);
    }

    /**
     * Reads the attributes, then emits the tag. One call of emit, not one per way a tag can end: the compiled
     * attribute states stay small (each inlined copy of emit cost the JIT's C2 compiler seconds on a short pass).
     */
    private int attributesThenEmit(int i, String name) {
        int after = attributes(i);
        return after < 0 ? n : emit(after, name, tagSelfClosing);
    }

    /** Whether the tag {@link #attributes} just read ended with {@code />}. */
    private boolean tagSelfClosing;

    /**
     * The attribute states from {@code i}, right after a tag name; returns the index after the tag's end, or
     * -1 when the end of the input cuts the tag (jsoup drops it).
     */
    private int attributes(int i) {
        while (true) {
            // before attribute name
            while (i < n && isSpace(b[i])) {
                i++;
            }
            if (i >= n) {
                return -1; // a tag cut by the end of the input is dropped
            }
            byte c = b[i];
            if (c == '/') {
                i = selfClosing(i + 1);
                if (i < 0) {
                    return ended(-i - 1, true);
                }
                continue;
            }
            if (c == '>') {
                return ended(i + 1, false);
            }
            newAttribute();
            keyStart = i;
            keyMangled = false;
            i = attributeName(i + 1); // the first character is the name's, even a quote or =
            while (true) {
                // after attribute name
                while (i < n && isSpace(b[i])) {
                    i++;
                }
                if (i >= n) {
                    return -1;
                }
                c = b[i];
                if (c == 0) {
                    keyMangled = true; // jsoup appends U+FFFD to the name read before the spaces
                    i = attributeName(i + 1);
                    continue;
                }
                break;
            }
            if (c == '/') {
                i = selfClosing(i + 1);
                if (i < 0) {
                    return ended(-i - 1, true);
                }
                continue;
            }
            if (c == '>') {
                return ended(i + 1, false);
            }
            if (c != '=') {
                continue; // the next attribute (a quote or < begins its name)
            }
            // before attribute value
            i++;
            while (i < n && isSpace(b[i])) {
                i++;
            }
            if (i >= n) {
                return ended(n, false); // jsoup emits this tag, the attribute without a value
            }
            c = b[i];
            if (c == '>') {
                return ended(i + 1, false);
            }
            if (c == '"' || c == '\'') {
                int close = indexOf(c, i + 1);
                if (close < 0) {
                    return -1;
                }
                valueStart = i + 1;
                valueEnd = close;
                i = close + 1;
                // after a quoted value
                if (i >= n) {
                    return -1;
                }
                c = b[i];
                if (c == '>') {
                    return ended(i + 1, false);
                }
                if (c == '/') {
                    i = selfClosing(i + 1);
                    if (i < 0) {
                        return ended(-i - 1, true);
                    }
                }
                continue;
            }
            int start = i;
            while (i < n && !isSpace(b[i]) && b[i] != '>') {
                i++;
            }
            if (i >= n) {
                return -1;
            }
            valueStart = start;
            valueEnd = i;
            if (b[i] == '>') {
                return ended(i + 1, false);
            }
        }
    }

    private int ended(int after, boolean selfClosing) {
        tagSelfClosing = selfClosing;
        return after;
    }

    /** Reads an attribute name from {@code i}; returns the index after it. */
    private int attributeName(int i) {
        while (i < n) {
            byte c = b[i];
            if (isSpace(c) || c == '/' || c == '=' || c == '>') {
                break;
            }
            i++;
        }
        keyEnd = i;
        return i;
    }

    /** After a {@code /} in a tag: {@code -(index after >) - 1} when it ends the tag, else where to go on. */
    private int selfClosing(int i) {
        if (i >= n) {
            return n; // dropped: the caller then returns n
        }
        if (b[i] == '>') {
            return -(i + 1) - 1;
        }
        return i;
    }

    /** Finishes the attribute being read (as jsoup does when the next one begins, or the tag ends). */
    private void newAttribute() {
        if (keyStart >= 0 && startTag) {
            countAttribute();
        }
        keyStart = -1;
        valueStart = -1;
    }

    /**
     * Counts the attribute just read as jsoup does (a name that trims to nothing is dropped; after
     * {@link #MAX_ATTRIBUTES} the rest are) and keeps its spans, to be read once the tree shape has said
     * whether the element exists and is inert.
     */
    private void countAttribute() {
        int s = keyStart;
        int e = keyEnd;
        boolean plain = !keyMangled;
        for (int k = s; k < e && plain; k++) {
            plain = b[k] > 0; // not NUL (jsoup reads it as U+FFFD), not beyond ASCII
        }
        if (plain) {
            while (s < e && (b[s] & 0xff) <= ' ') {
                s++;
            }
            while (e > s && (b[e - 1] & 0xff) <= ' ') {
                e--;
            }
            if (s == e) {
                return; // jsoup drops a name that trims to nothing
            }
        } else if (!keyMangled && keyName(s, e).isEmpty()) {
            return;
        }
        if (attributeCount >= MAX_ATTRIBUTES) {
            return;
        }
        int at = 5 * attributeCount++;
        if (at + 5 > spans.length) {
            spans = java.util.Arrays.copyOf(spans, spans.length * 2);
        }
        spans[at] = s;
        spans[at + 1] = e;
        spans[at + 2] = (plain ? 0 : 1) | (keyMangled ? 2 : 0);
        spans[at + 3] = valueStart;
        spans[at + 4] = valueEnd;
    }

    /** Key start, key end, flags (1: not plain ASCII, 2: U+FFFD appended), value start (-1: none), value end. */
    private int[] spans = new int[5 * 16];

    /**
     * The attributes of the element just accepted that the link rules read: all of them inside template or
     * noscript content (as speculative strings), else the few {@link LinkExtractor#readsAttribute} names;
     * the first of duplicates kept.
     */
    private void keepAttributes(String tagName, boolean inert) {
        kept.clear();
        for (int i = 0; i < attributeCount; i++) {
            int at = 5 * i;
            int s = spans[at];
            int e = spans[at + 1];
            int flags = spans[at + 2];
            String key;
            if (flags == 0) {
                key = LinkExtractor.linkAttribute(b, s, e);
                if (key == null && inert) {
                    key = keyName(s, e);
                }
            } else {
                key = keyName(s, e);
                String known = LinkExtractor.linkAttribute(key);
                key = known != null ? known : inert ? key : null;
            }
            if (key == null || !(inert || LinkExtractor.readsAttribute(tagName, key))) {
                continue;
            }
            boolean duplicate = false;
            for (int k = 0; k < kept.size() && !duplicate; k += 2) {
                duplicate = kept.get(k).equalsIgnoreCase(key); // the first of duplicates wins
            }
            if (!duplicate) {
                kept.add(key);
                kept.add(spans[at + 3] < 0 ? "" : attributeValue(spans[at + 3], spans[at + 4]));
            }
        }
    }

    /** jsoup's normal attribute name for bytes {@code [s, e)}: NUL as U+FFFD, lower case, trimmed. */
    private String keyName(int s, int e) {
        return new String(b, s, e - s, charset).replace('\0', '\uFFFD').toLowerCase(Locale.ROOT).trim();
    }

    private String attributeValue(int s, int e) {
        String v = new String(b, s, e - s, charset);
        if (v.indexOf('\0') >= 0) {
            v = v.replace('\0', '\uFFFD');
        }
        return v.indexOf('&') >= 0 ? Parser.unescapeEntities(v, true) : v;
    }

    /** The tag is complete at {@code after}: hands a start tag to the tree shape, reads raw text after it. */
    private int emit(int after, String name, boolean selfClosing) {
        if (!startTag) {
            return endTag(after);
        }
        newAttribute();
        if (!shape.start(name, attributeCount, selfClosing)) {
            return after;
        }
        String element = name;
        HtmlTag tag = null;
        boolean inert = shape.inert();
        keepAttributes(element, inert);
        boolean withData = element.equals("style") || (readsScripts && element.equals("script"));
        if (!kept.isEmpty() || withData) {
            tag = new HtmlTag(element, kept.toArray(new String[0]), null);
            tag.inert = inert;
            tags.add(tag);
            if (base == null && element.equals("base") && tag.hasAttr("href")) {
                String href = StringUtil.resolve(documentUrl, tag.attr("href"));
                if (!href.isEmpty()) {
                    base = href;
                }
            }
        }
        switch (shape.textState) {
            case HtmlTreeShape.RCDATA:
            case HtmlTreeShape.RAWTEXT:
            case HtmlTreeShape.SCRIPT:
                return rawText(after, element, shape.textState, withData ? tag : null);
            case HtmlTreeShape.PLAINTEXT:
                return n;
            default:
                return after;
        }
    }

    private int endTag(int after) {
        newAttribute();
        shape.end(tagName(nameStart, nameEnd));
        return after;
    }

    /**
     * The text of a raw text element from {@code from} up to its end tag, whose attributes are then read;
     * returns where the data state resumes. Sets the element's data when it has a tag to hold it.
     */
    private int rawText(int from, String element, int state, HtmlTag tag) {
        int i = from;
        boolean escaped = false;
        while (true) {
            budget.tick();
            int lt = state == HtmlTreeShape.SCRIPT ? scriptLessThan(i, escaped) : indexOf((byte) '<', i);
            if (state == HtmlTreeShape.SCRIPT) {
                escaped = lt < 0 ? escaped : (lt & ESCAPED) != 0;
                lt = lt < 0 ? lt : lt & ~ESCAPED;
            }
            if (lt < 0) {
                setData(tag, from, n);
                return n;
            }
            int p = lt + 1;
            if (p < n && b[p] == '/' && p + 1 < n && isAlpha(b[p + 1])) {
                int s = p + 1;
                int e = s;
                while (e < n && !endsTagName(b[e])) {
                    e++;
                }
                if (e < n && sameName(s, e, element)) {
                    setData(tag, from, lt);
                    startTag = false;
                    nameStart = s;
                    nameEnd = e;
                    keyStart = -1;
                    // Not through emit, which calls rawText: the JIT inlined that cycle into one huge method
                    int after = attributes(e);
                    return after < 0 ? n : endTag(after);
                }
                i = e;
                continue;
            }
            if (state == HtmlTreeShape.RCDATA && p < n && isAlpha(b[p]) && !endTagAhead(p, element)) {
                throw new Unsure("<" + element + "> without its end tag in sight");
            }
            i = p;
        }
    }

    /** Marks an index found in the script data escaped state. */
    private static final int ESCAPED = 1 << 30;

    /**
     * In script data from {@code i}: the next {@code <} that may start the script's end tag (ORed with
     * {@link #ESCAPED} when found in the escaped state, where the same end tag counts), or -1 at the end of
     * the input. Follows the escaped ({@code <!--}) and double-escaped ({@code <!--<script>}) states, in which
     * {@code </script>} does not end the element.
     */
    private int scriptLessThan(int i, boolean escaped) {
        int state = escaped ? S_ESCAPED : S_DATA;
        while (i < n) {
            if (state == S_DATA) {
                int lt = indexOf((byte) '<', i);
                if (lt < 0) {
                    return -1;
                }
                i = lt + 1;
                if (i < n && b[i] == '/') {
                    return lt;
                }
                if (startsWith(i, "!--")) {
                    i += 3;
                    state = S_ESCAPED + DASH_DASH;
                }
                continue;
            }
            // The escaped and double-escaped states share their shape: text, a dash, two dashes, a <.
            int family = state >= S_DOUBLE ? S_DOUBLE : S_ESCAPED;
            int sub = state - family;
            byte c = b[i];
            if (sub == TEXT) {
                int next = indexOfEither((byte) '-', (byte) '<', i);
                if (next < 0) {
                    return -1;
                }
                i = next + 1;
                state = family + (b[next] == '-' ? DASH : LESS_THAN);
            } else if (sub != LESS_THAN) {
                i++;
                state = c == '-' ? family + DASH_DASH : c == '<' ? family + LESS_THAN
                        : c == '>' && sub == DASH_DASH ? S_DATA : family;
            } else if (family == S_ESCAPED && c == '/') {
                return (i - 1) | ESCAPED;
            } else {
                // <script (escaped) opens a double escape; </script (double-escaped) closes it.
                boolean opening = family == S_ESCAPED;
                int from = opening ? i : i + 1;
                if (opening ? !isAlpha(c) : c != '/') {
                    state = family;
                    continue;
                }
                int e = from;
                while (e < n && isAlpha(b[e])) {
                    e++;
                }
                boolean script = e - from == 6 && startsWith(from, "script");
                boolean ended = e < n && (isSpace(b[e]) || b[e] == '/' || b[e] == '>');
                state = ended && script ? (opening ? S_DOUBLE : S_ESCAPED) : family;
                i = ended ? e + 1 : e;
            }
        }
        return -1;
    }

    private static final int S_DATA = 0;
    private static final int S_ESCAPED = 1;
    private static final int S_DOUBLE = 5;
    private static final int TEXT = 0;
    private static final int DASH = 1;
    private static final int DASH_DASH = 2;
    private static final int LESS_THAN = 3;

    /**
     * jsoup ends an RCDATA element at a start tag when, with all its input buffered, it finds no
     * {@code </name} (all lower or all upper case) after it; true when one is surely within its buffer.
     */
    private boolean endTagAhead(int p, String element) {
        String lower = "</" + element;
        String upper = lower.toUpperCase(Locale.ROOT);
        int limit = Math.min(n, p + SURE_LOOKAHEAD);
        for (int i = p; i + lower.length() <= limit; i++) {
            if (b[i] == '<' && (startsWith(i, lower) || startsWith(i, upper))) {
                return true;
            }
        }
        return false;
    }

    private void setData(HtmlTag tag, int from, int to) {
        if (tag != null) {
            String text = new String(b, from, to - from, charset);
            tag.data = text.indexOf('\0') >= 0 ? text.replace('\0', '\uFFFD') : text;
        }
    }

    /** jsoup's normal name: lower case, trimmed, NUL read as U+FFFD. */
    private String tagName(int s, int e) {
        for (int k = s; k < e; k++) {
            if (b[k] <= 0) {
                return new String(b, s, e - s, charset).replace('\0', '\uFFFD').toLowerCase(Locale.ROOT).trim();
            }
        }
        while (e > s && (b[e - 1] & 0xff) <= ' ') {
            e--;
        }
        return lowerAscii(b, s, e);
    }

    /** ASCII bytes {@code [s, e)} as a lower-case string. */
    static String lowerAscii(byte[] b, int s, int e) {
        char[] c = new char[e - s];
        for (int k = 0; k < c.length; k++) {
            int x = b[s + k];
            c[k] = (char) (x >= 'A' && x <= 'Z' ? x + ('a' - 'A') : x);
        }
        return new String(c);
    }

    /** The end tag name at {@code [s, e)} against an element name, ignoring case as jsoup does. */
    private boolean sameName(int s, int e, String element) {
        for (int k = s; k < e; k++) {
            if (b[k] < 0) {
                return new String(b, s, e - s, charset).equalsIgnoreCase(element);
            }
        }
        return e - s == element.length() && startsWithIgnoreCase(s, element);
    }

    private static boolean endsTagName(byte c) {
        return isSpace(c) || c == '/' || c == '>';
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
    }

    private static boolean isAlpha(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private int indexOf(byte c, int from) {
        for (int i = from; i < n; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private int indexOfEither(byte c1, byte c2, int from) {
        for (int i = from; i < n; i++) {
            if (b[i] == c1 || b[i] == c2) {
                return i;
            }
        }
        return -1;
    }

    private int indexOf(String s, int from) {
        for (int i = indexOf((byte) s.charAt(0), from); i >= 0; i = indexOf((byte) s.charAt(0), i + 1)) {
            if (startsWith(i, s)) {
                return i;
            }
        }
        return -1;
    }

    private boolean startsWith(int p, String s) {
        if (p + s.length() > n) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            if (b[p + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private boolean startsWithIgnoreCase(int p, String lower) {
        return Utf8Prescan.at(b, p, n, lower);
    }
}
