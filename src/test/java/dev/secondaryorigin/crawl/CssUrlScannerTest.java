package dev.secondaryorigin.crawl;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The linear CSS scanner: every url() shape, escapes, comments, @import, image-set, data: URLs. */
class CssUrlScannerTest {
    private static List<String> urls(String css) {
        return LinkExtractor.cssUrls(css);
    }

    private static String repeat(String s, int n) {
        StringBuilder b = new StringBuilder(s.length() * n);
        for (int i = 0; i < n; i++) {
            b.append(s);
        }
        return b.toString();
    }

    @Test
    void urlInEveryQuotingStyle() {
        assertEquals(Arrays.asList("a.png", "b.png", "c.png", "d.png", "e.png", "f.png", "g.png"),
                urls("x{background:url(a.png)} y{background:url(\"b.png\")} z{background:url('c.png')}"
                        + " p{background:url(  d.png  )} q{background:URL( \"e.png\" )} r{b:Url(\n'f.png'\t)}"
                        + " s{b:url(g.png)}"));
    }

    @Test
    void escapesInsideUrls() {
        assertEquals(Arrays.asList("a\"b.png", "c'd.png", "e)f.png", "g h.png", "/x.png", "i\u00e9.png", "jk.png"),
                urls("a{b:url(\"a\\\"b.png\")} c{b:url('c\\'d.png')} e{b:url(e\\)f.png)} g{b:url(g\\ h.png)}"
                        + " h{b:url(\\2f x.png)} i{b:url('i\\e9.png')} j{b:url(\"j\\\nk.png\")}"));
    }

    @Test
    void invalidHexEscapesBecomeTheReplacementCharacter() {
        // Above U+10FFFF, a surrogate, or zero: U+FFFD rather than an exception.
        assertEquals(Arrays.asList("a\uFFFD.png", "b\uFFFD.png", "c\uFFFD.png"),
                urls("x{b:url(a\\FFFFFF.png)} y{b:url(b\\D800.png)} z{b:url('c\\0.png')}"));
    }

    @Test
    void commentsAndOtherStringsAreNotLinks() {
        assertEquals(Collections.singletonList("real.png"),
                urls("/* url(commented.png) @import 'no.css'; */ a{content:\"url(in-string.png)\"}"
                        + " b{content:'@import \"no2.css\"'} c{background:url(real.png)} /* unclosed url(x.png)"));
        assertEquals(Collections.singletonList("after.png"), urls("/**/a{b:url(after.png)}/*/ url(inside.png) */"));
    }

    @Test
    void importInBothForms() {
        assertEquals(Arrays.asList("one.css", "two.css", "three.css", "four.css", "five.css", "six.css"),
                urls("@import \"one.css\";\n@import 'two.css' screen;\n@import url(three.css);\n"
                        + "@import url(\"four.css\") print;\n@IMPORT\"five.css\";@import /* c */ 'six.css';"));
    }

    @Test
    void imageSetStringsAndUrls() {
        assertEquals(Arrays.asList("x1.png", "x2.png", "y1.png", "y2.avif", "z.png"),
                urls("a{background-image:image-set(\"x1.png\" 1x, 'x2.png' 2x)}"
                        + " b{background-image:-webkit-image-set(url(y1.png) 1x, \"y2.avif\" type(\"image/avif\") 2x)}"
                        + " c{content:\"not-a-url\"; background:url(z.png)}"));
    }

    @Test
    void dataUrlsAreSkippedInEveryForm() {
        assertEquals(Collections.singletonList("after.png"),
                urls("a{b:url(data:image/png;base64,AAAA)} b{b:url(\"data:image/svg+xml,<svg/>\")}"
                        + " c{b:url( 'DATA:text/plain,x' )} @import 'data:text/css,a{}';"
                        + " d{b:image-set(\"data:image/png;base64,AA\" 1x)} e{b:url(after.png)}"));
    }

    @Test
    void brokenUrlsAreSkippedAndScanningGoesOn() {
        assertEquals(Arrays.asList("ok1.png", "ok2.png", "ok3.png"),
                urls("a{b:url(bad\"quote.png)} b{b:url(ok1.png)} c{b:url(two words.png)} d{b:url(ok2.png)}"
                        + " e{b:url('unclosed\n} f{b:url(ok3.png)} g{b:url(\"x.png\" junk)}"));
        assertEquals(Collections.singletonList("tail.png"), urls("a{b:url(tail.png"));
        assertEquals(Collections.emptyList(), urls("a{b:url('never closed"));
        assertEquals(Collections.emptyList(), urls("a{b:myurl(not.png)}"));
        assertEquals(Collections.emptyList(), urls("url("));
        assertEquals(Collections.emptyList(), urls(""));
    }

    @Test
    void hostileCssIsLinearAndNeedsNoStack() {
        String twoMiB = repeat("A", 2 << 20);
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
            for (String css : Arrays.asList(
                    "a{b:url(\"data:image/png;base64," + twoMiB + "\")} z{b:url(after.png)}",
                    "a{b:url('data:image/png;base64," + twoMiB + "')} z{b:url(after.png)}",
                    "a{b:url(data:image/png;base64," + twoMiB + ")} z{b:url(after.png)}",
                    "a{b:url(\"" + repeat("\\\"", 1 << 20) + "\")} z{b:url(after.png)}")) {
                List<String> u = urls(css);
                assertEquals("after.png", u.get(u.size() - 1));
                assertTrue(u.size() <= 2);
            }
            // Many URLs in a long text: each costs its own length, not the rest of the text.
            int[] count = {0};
            CssUrlScanner.scan(repeat("a{b:url(x.png)}", 500_000), u -> count[0]++, ParseBudget.unlimited());
            assertEquals(500_000, count[0]);
            // The shapes that made the old regexes quadratic: an opening with no close, many times over.
            for (String unit : Arrays.asList("image-set(", "url(", "/*", "'", "@import ", "url(\"", "\\")) {
                List<String> found = new ArrayList<>();
                CssUrlScanner.scan(repeat(unit, (1 << 20) / unit.length()), found::add, ParseBudget.unlimited());
            }
        });
    }

    @Test
    void aSpentBudgetStopsTheScan() {
        ParseBudget spent = new ParseBudget(0, Integer.MAX_VALUE);
        DocumentTooComplexException e = org.junit.jupiter.api.Assertions.assertThrows(DocumentTooComplexException.class,
                () -> CssUrlScanner.scan(repeat("a{b:url(x.png)}", 100_000), u -> { }, spent));
        assertEquals(ExtractedLinks.TOO_SLOW, e.reason());
    }
}
