package dev.secondaryorigin.crawl;

/**
 * The little of jsoup's HTML tree construction that decides which tags become elements, in which order, and
 * which switch the tokenizer into raw text, followed without building the tree: the head/body phases, the
 * table / row / cell / caption / column-group nesting, an open select (which drops all but options and
 * scripts), and the form pointer. Everything else the tree builder does (implied end tags, the adoption agency,
 * formatting reconstruction) moves or clones elements without changing which links exist nor the order in
 * which the walk first meets them, and is left out.
 *
 * <p>Where the tree builder would do something this class does not follow, it throws
 * {@link HtmlLinkScanner.Unsure} and jsoup reads the document: foster parenting (an element, text or a stray
 * end tag directly inside a table: fostered clones of formatting elements would come before their originals),
 * foreign content ({@code svg}, {@code math}), {@code template}, {@code frameset}, a self-closed select, a table
 * end tag inside a select in a table, attributes merged onto an existing {@code html} or {@code body}, and,
 * when scripts are read, a body
 * {@code noscript} holding more than iframe, link, meta and style elements and text (whose inert content would
 * depend on the tree).
 *
 * <p>When scripts are read it also tells which elements are inert (a noscript and its content), as jsoup's walk
 * counts them: a head noscript keeps only link, meta, style and the like (jsoup reads the rest as text); a body
 * noscript with the content above ends at its end tag, since that content closes nothing.
 */
final class HtmlTreeShape {
    /** Tokenizer states a start tag can switch to. */
    static final int DATA = 0;
    static final int RCDATA = 1;
    static final int RAWTEXT = 2;
    static final int SCRIPT = 3;
    static final int PLAINTEXT = 4;

    private static final int BEFORE_HTML = 0;
    private static final int BEFORE_HEAD = 1;
    private static final int IN_HEAD = 2;
    private static final int IN_HEAD_NOSCRIPT = 3;
    private static final int AFTER_HEAD = 4;
    private static final int BODY = 5;

    /** Where a table frame is: directly in table / section / row, in a cell, in a caption, in a column group. */
    private static final int TABLE = 0;
    private static final int CELL_TD = 1;
    private static final int CELL_TH = 2;
    private static final int CAPTION = 3;
    private static final int COLGROUP = 4;

    private final boolean readsScripts;
    private int phase = BEFORE_HTML;
    private boolean formOpen;
    /** One entry per open table, innermost last: its place, and whether a section and a row are open. */
    private int[] frames = new int[8];
    private boolean[] sections = new boolean[8];
    private boolean[] rows = new boolean[8];
    private int depth;
    /** The start tag being read ends with {@code />}. */
    private boolean selfClosing;
    /** Whether a select is open, and whether it is inside a table. */
    private int select = NO_SELECT;
    private static final int NO_SELECT = 0;
    private static final int SELECT = 1;
    private static final int SELECT_IN_TABLE = 2;
    /** Inside a body noscript (only when scripts are read). */
    private boolean bodyNoscript;
    /** The element just accepted is a noscript or inside one (only when scripts are read). */
    private boolean inert;

    /** The tokenizer state after the last accepted start tag. */
    int textState;

    HtmlTreeShape(boolean readsScripts) {
        this.readsScripts = readsScripts;
    }

    /** True when the element of the last accepted start tag is inert (a noscript or inside one). */
    boolean inert() {
        return inert;
    }

    /** True while text can still decide where the body starts, or is directly in a table. */
    boolean wantsText() {
        return phase < BODY || directlyInTable();
    }

    private boolean directlyInTable() {
        return depth > 0 && (frames[depth - 1] == TABLE || frames[depth - 1] == COLGROUP);
    }

    /**
     * Non-whitespace text: outside a head noscript (where it stays text), it starts the body. Directly in a
     * table it is fostered out of the table, and may bring clones of open formatting elements (their links
     * then met before the originals): jsoup reads such a document.
     */
    void text() {
        if (phase == BODY && directlyInTable()) {
            throw new HtmlLinkScanner.Unsure("text directly in a table");
        }
        if (phase != IN_HEAD_NOSCRIPT) {
            phase = BODY;
        }
    }

    /**
     * A start tag ({@code selfClosing} when it ends with {@code />}): true when it becomes an element (then
     * {@link #textState} says how its content is read), false when the tree builder drops it.
     */
    boolean start(String tag, int attributeCount, boolean selfClosing) {
        this.selfClosing = selfClosing;
        textState = DATA;
        inert = false;
        if (bodyNoscript) {
            return inBodyNoscript(tag);
        }
        if (select != NO_SELECT) {
            Boolean inSelect = inSelect(tag, attributeCount);
            if (inSelect != null) {
                return inSelect;
            }
        }
        switch (tag) {
            case "svg":
            case "math":
            case "template":
            case "frameset":
                throw new HtmlLinkScanner.Unsure(tag);
            case "html":
                if (phase == BEFORE_HTML) {
                    phase = BEFORE_HEAD;
                    return true;
                }
                return merged(tag, attributeCount);
            default:
                break;
        }
        if (phase == BEFORE_HTML) {
            phase = BEFORE_HEAD;
        }
        if (phase == BEFORE_HEAD) {
            phase = IN_HEAD;
            if (tag.equals("head")) {
                return true;
            }
        }
        if (phase == IN_HEAD) {
            if (tag.equals("head")) {
                return false;
            }
            if (tag.equals("noscript")) {
                phase = IN_HEAD_NOSCRIPT;
                inert = readsScripts;
                return true;
            }
            if (inHead(tag)) {
                return true;
            }
            phase = AFTER_HEAD;
        }
        if (phase == IN_HEAD_NOSCRIPT) {
            inert = readsScripts;
            switch (tag) {
                case "basefont":
                case "bgsound":
                case "link":
                case "meta":
                    return true;
                case "noframes":
                case "style":
                    textState = RAWTEXT;
                    return true;
                default:
                    return false; // jsoup keeps it as text
            }
        }
        if (phase == AFTER_HEAD) {
            switch (tag) {
                case "body":
                    phase = BODY;
                    return true;
                case "head":
                    return false;
                default:
                    if (inHead(tag)) {
                        return true; // jsoup puts it back into the head
                    }
                    phase = BODY;
            }
        }
        return inBody(tag, attributeCount);
    }

    /** Attributes of a second html or body tag join the first element: the walk meets them earlier. */
    private static boolean merged(String tag, int attributeCount) {
        if (attributeCount > 0) {
            throw new HtmlLinkScanner.Unsure("attributes merged onto " + tag);
        }
        return false;
    }

    /** The in-head elements; sets the text state of those with raw content. */
    private boolean inHead(String tag) {
        switch (tag) {
            case "base":
            case "basefont":
            case "bgsound":
            case "command":
            case "link":
            case "meta":
                return true;
            case "title":
                textState = RCDATA;
                return true;
            case "noframes":
            case "style":
                textState = RAWTEXT;
                return true;
            case "script":
                textState = SCRIPT;
                return true;
            default:
                return false;
        }
    }

    private boolean inBody(String tag, int attributeCount) {
        if (tag.equals("body")) {
            return merged(tag, attributeCount);
        }
        if (depth > 0) {
            int place = frames[depth - 1];
            if (place == COLGROUP) {
                if (tag.equals("col")) {
                    return true;
                }
                frames[depth - 1] = TABLE;
                place = TABLE;
            }
            if (place == TABLE) {
                return inTable(tag);
            }
            if (isTablePart(tag)) {
                // A new cell, row, section or caption closes the cell or caption first.
                frames[depth - 1] = TABLE;
                return inTable(tag);
            }
        }
        if (isTablePart(tag)) {
            return false; // outside a table
        }
        switch (tag) {
            case "frame":
            case "head":
                return false;
            case "form":
                if (formOpen) {
                    return false;
                }
                formOpen = true;
                return true;
            case "table":
                push();
                return true;
            case "textarea":
            case "title":
                textState = RCDATA;
                return true;
            case "style":
            case "xmp":
            case "iframe":
            case "noembed":
            case "noframes":
                textState = RAWTEXT;
                return true;
            case "script":
                textState = RAWTEXT; // jsoup's body reads script text as raw text, without the escaped states
                return true;
            case "plaintext":
                textState = PLAINTEXT;
                return true;
            case "noscript":
                bodyNoscript = readsScripts;
                inert = readsScripts;
                return true;
            case "select":
                if (selfClosing) {
                    throw new HtmlLinkScanner.Unsure("<select/>"); // open, yet jsoup's mode stays the body's
                }
                select = depth > 0 ? SELECT_IN_TABLE : SELECT;
                return true;
            default:
                return true;
        }
    }

    /**
     * A start tag in a select: true or false when the select decides (options, scripts; everything else
     * dropped, read as no raw text), null when it closes the select and the tag is read as outside it.
     */
    private Boolean inSelect(String tag, int attributeCount) {
        switch (tag) {
            case "html":
                return merged(tag, attributeCount);
            case "option":
            case "optgroup":
                return true;
            case "script":
                return inHead(tag);
            case "template":
                throw new HtmlLinkScanner.Unsure(tag);
            case "select":
                select = NO_SELECT;
                return false;
            case "input":
            case "keygen":
            case "textarea":
                select = NO_SELECT;
                return null;
            default:
                if (select == SELECT_IN_TABLE && (isTablePart(tag) || tag.equals("table"))
                        && !tag.equals("col") && !tag.equals("colgroup")) {
                    select = NO_SELECT;
                    return null;
                }
                return false;
        }
    }

    /**
     * A start tag inside a body noscript, when scripts are read: content that closes nothing (and, being no
     * text insertion, reconstructs no formatting element inside it), so the noscript ends at its end tag.
     */
    private boolean inBodyNoscript(String tag) {
        inert = true;
        switch (tag) {
            case "link":
            case "meta":
                return true;
            case "iframe":
            case "style":
                textState = RAWTEXT;
                return true;
            default:
                throw new HtmlLinkScanner.Unsure("<" + tag + "> in a noscript");
        }
    }

    private static boolean isTablePart(String tag) {
        switch (tag) {
            case "caption":
            case "col":
            case "colgroup":
            case "tbody":
            case "td":
            case "tfoot":
            case "th":
            case "thead":
            case "tr":
                return true;
            default:
                return false;
        }
    }

    /** A start tag directly in a table, section or row. */
    private boolean inTable(String tag) {
        int top = depth - 1;
        switch (tag) {
            case "caption":
                set(top, CAPTION, false, false);
                return true;
            case "colgroup":
            case "col":
                set(top, COLGROUP, false, false);
                return true;
            case "tbody":
            case "thead":
            case "tfoot":
                set(top, TABLE, true, false);
                return true;
            case "tr":
                set(top, TABLE, true, true);
                return true;
            case "td":
            case "th":
                set(top, tag.equals("td") ? CELL_TD : CELL_TH, true, true);
                return true;
            case "table":
                set(top, TABLE, false, false); // closes this table and opens the next one in its place
                return true;
            case "style":
            case "script":
                return inHead(tag); // as jsoup does, in the table's place
            case "form":
                if (formOpen) {
                    return false;
                }
                formOpen = true;
                return true;
            default:
                throw new HtmlLinkScanner.Unsure("<" + tag + "> directly in a table");
        }
    }

    /** Where the table at {@code index} is, and whether a section and a row are open in it. */
    private void set(int index, int place, boolean section, boolean row) {
        frames[index] = place;
        sections[index] = section;
        rows[index] = row;
    }

    /** An end tag. */
    void end(String tag) {
        if (bodyNoscript) {
            if (!tag.equals("noscript")) {
                throw new HtmlLinkScanner.Unsure("</" + tag + "> in a noscript");
            }
            bodyNoscript = false;
            return;
        }
        if (select != NO_SELECT) {
            if (tag.equals("select")) {
                select = NO_SELECT;
            } else if (select == SELECT_IN_TABLE && (isTablePart(tag) || tag.equals("table"))) {
                throw new HtmlLinkScanner.Unsure("</" + tag + "> in a select in a table");
            }
            return; // the others change nothing a link depends on
        }
        if (phase < BODY) {
            endBeforeBody(tag);
            return;
        }
        if (tag.equals("form")) {
            formOpen = false;
            return;
        }
        if (depth == 0) {
            return;
        }
        int top = depth - 1;
        int place = frames[top];
        if (place == COLGROUP) {
            if (tag.equals("col")) {
                return;
            }
            frames[top] = TABLE;
            if (tag.equals("colgroup")) {
                return;
            }
            place = TABLE;
        }
        if (place == TABLE && !isTablePart(tag) && !tag.equals("table") && !tag.equals("body")
                && !tag.equals("html")) {
            // jsoup handles it as in the body, fostered out of the table: a </br> or </p> makes an element
            // there, reconstructing open formatting elements first.
            throw new HtmlLinkScanner.Unsure("</" + tag + "> directly in a table");
        }
        switch (tag) {
            case "table":
                depth--;
                return;
            case "caption":
                if (place == CAPTION) {
                    frames[top] = TABLE;
                }
                return;
            case "td":
            case "th":
                if (place == (tag.equals("td") ? CELL_TD : CELL_TH)) {
                    frames[top] = TABLE;
                }
                return;
            case "tr":
                if (place != CAPTION && rows[top]) {
                    frames[top] = TABLE;
                    rows[top] = false;
                }
                return;
            case "tbody":
            case "thead":
            case "tfoot":
                if (place != CAPTION && sections[top]) {
                    frames[top] = TABLE;
                    sections[top] = false;
                    rows[top] = false;
                }
                return;
            default:
        }
    }

    private void endBeforeBody(String tag) {
        boolean toBody = tag.equals("body") || tag.equals("html") || tag.equals("br");
        switch (phase) {
            case BEFORE_HTML:
            case BEFORE_HEAD:
            case IN_HEAD:
                if (toBody) {
                    phase = BODY;
                } else if (tag.equals("head")) {
                    phase = AFTER_HEAD;
                }
                return;
            case IN_HEAD_NOSCRIPT:
                if (tag.equals("noscript")) {
                    phase = IN_HEAD;
                }
                return;
            default: // AFTER_HEAD
                if (toBody) {
                    phase = BODY;
                }
        }
    }

    private void push() {
        if (depth == frames.length) {
            frames = java.util.Arrays.copyOf(frames, depth * 2);
            sections = java.util.Arrays.copyOf(sections, depth * 2);
            rows = java.util.Arrays.copyOf(rows, depth * 2);
        }
        set(depth++, TABLE, false, false);
    }
}
