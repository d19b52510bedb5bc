package dev.secondaryorigin.crawl;

import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Utf8PrescanTest {
    private static final String BASE = "http://www.example.com/dir/page.html";

    private static boolean onlyUtf8(String doc) {
        return Utf8Prescan.onlyUtf8(doc.getBytes(StandardCharsets.UTF_8));
    }

    /** A page longer than jsoup's 5 KiB first read, so its detection would parse the start of it twice. */
    private static String page(String head, String link) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html><head>").append(head).append("</head><body><p>");
        while (b.length() < 7000) {
            b.append("filler text of a long page ");
        }
        return b.append("</p><a href=\"").append(link).append("\">x</a></body></html>").toString();
    }

    private static List<String> links(String doc, Charset encoding) {
        return LinkExtractor.extract(doc.getBytes(encoding), "text/html", "/dir/page.html", BASE);
    }

    @Test
    void utf8OrNoDeclarationIsCertain() {
        assertTrue(onlyUtf8("<html><head><title>t</title></head><body><a href=x.html>x</a></body></html>"));
        assertTrue(onlyUtf8("<meta charset=\"utf-8\">"));
        assertTrue(onlyUtf8("<META CHARSET=UTF8>"));
        assertTrue(onlyUtf8("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\">"));
        assertTrue(onlyUtf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?><svg/>"));
        assertTrue(onlyUtf8("<meta charset = 'utf-8' >"));
    }

    @Test
    void anyOtherOrUnreadableDeclarationIsLeftToJsoup() {
        assertFalse(onlyUtf8("<meta charset=\"iso-8859-1\">"));
        assertFalse(onlyUtf8("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">"));
        assertFalse(onlyUtf8("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><svg/>"));
        assertFalse(onlyUtf8("<meta charset=\"utf-8x\">"));
        assertFalse(onlyUtf8("<meta charset=\"utf-16\">"));
        assertFalse(onlyUtf8("<meta charset=\"&#117;tf-8\">"));
        assertFalse(onlyUtf8("<p>This page's charset is described below</p>"));
        // jsoup decodes references in an attribute value: the word need not be in the bytes.
        assertFalse(onlyUtf8("<meta http-equiv=\"Content-Type\" content=\"text/html; &#99;harset=iso-8859-1\">"));
    }

    @Test
    void onlyTheStartOfTheDocumentCounts() {
        StringBuilder b = new StringBuilder("<html><body>");
        while (b.length() < Utf8Prescan.WINDOW) {
            b.append("plain words ");
        }
        assertTrue(onlyUtf8(b + "<meta charset=\"iso-8859-1\">"));
    }

    @Test
    void linksReadTheSameWhetherThePrescanDecidesOrJsoupDoes() {
        // Decided here: a long UTF-8 page that says so.
        assertEquals(List.of("http://www.example.com/dir/café.html"),
                links(page("<meta charset=\"utf-8\">", "café.html"), StandardCharsets.UTF_8));
        // Left to jsoup: the meta names Latin-1, and the link's é is one byte.
        assertEquals(List.of("http://www.example.com/dir/café.html"),
                links(page("<meta charset=\"iso-8859-1\">", "café.html"), StandardCharsets.ISO_8859_1));
        assertEquals(List.of("http://www.example.com/dir/café.html"),
                links(page("<meta http-equiv=\"Content-Type\" content=\"text/html; &#99;harset=iso-8859-1\">",
                        "café.html"), StandardCharsets.ISO_8859_1));
    }
}
