package dev.secondaryorigin.crawl;

import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;

/**
 * One HTML element as the link rules of {@link LinkExtractor} see it: its lower-case name, its attributes in
 * document order (duplicates already dropped, the first kept), and its text data. Both HTML readers produce
 * these, jsoup's tree walk and {@link HtmlLinkScanner}, so the rules exist once.
 */
final class HtmlTag {
    final String name;
    /** Keys at even indexes, values at the odd one after each. */
    final String[] attributes;
    /** The text of a style or script element; null for other elements. */
    String data;
    /** Inside (or itself) a template or noscript element; set by the scanner, counted by the walk for jsoup. */
    boolean inert;

    HtmlTag(String name, String[] attributes, String data) {
        this.name = name;
        this.attributes = attributes;
        this.data = data;
    }

    /** The element of jsoup's tree; its data is read only where the link rules use it. */
    static HtmlTag of(Element e, boolean withScriptData) {
        String name = e.normalName();
        String[] attrs = new String[2 * e.attributesSize()];
        int i = 0;
        for (Attribute a : e.attributes()) {
            attrs[i++] = a.getKey();
            attrs[i++] = a.getValue();
        }
        boolean needsData = name.equals("style") || (withScriptData && name.equals("script"));
        return new HtmlTag(name, i == attrs.length ? attrs : java.util.Arrays.copyOf(attrs, i),
                needsData ? e.data() : null);
    }

    int size() {
        return attributes.length / 2;
    }

    String key(int i) {
        return attributes[2 * i];
    }

    String value(int i) {
        return attributes[2 * i + 1];
    }

    /** The first value whose key matches ignoring case, or "" (jsoup's {@code Element.attr}). */
    String attr(String key) {
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i].equalsIgnoreCase(key)) {
                return attributes[i + 1];
            }
        }
        return "";
    }

    boolean hasAttr(String key) {
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i].equalsIgnoreCase(key)) {
                return true;
            }
        }
        return false;
    }
}
