package dev.secondaryorigin.crawl;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exclude/include globs: same answers as the regular expressions they replaced, in linear time. */
class PathGlobTest {
    private static String repeat(String s, int n) {
        StringBuilder b = new StringBuilder(s.length() * n);
        for (int i = 0; i < n; i++) {
            b.append(s);
        }
        return b.toString();
    }

    @Test
    void pathGlobsMatchInLinearTimeAndAsBefore() {
        String path = "/" + repeat("a", 2047);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertFalse(new PathGlob("/**a**a**a**a**a**a**b").matches(path));
            assertFalse(new PathGlob("/*a*a*a*a*a*a*a*a*b").matches(path));
            assertTrue(new PathGlob("/**a**a**a**a**a**a**").matches(path));
        });
        // Same answers as the regular expression the globs used to compile to, on random globs and paths.
        Random rnd = new Random(8);
        String globChars = "a/*?.b";
        String pathChars = "a/.b";
        for (int k = 0; k < 20_000; k++) {
            StringBuilder g = new StringBuilder();
            for (int i = rnd.nextInt(8); i > 0; i--) {
                g.append(globChars.charAt(rnd.nextInt(globChars.length())));
            }
            StringBuilder p = new StringBuilder();
            for (int i = rnd.nextInt(10); i > 0; i--) {
                p.append(pathChars.charAt(rnd.nextInt(pathChars.length())));
            }
            assertEquals(oldGlob(g.toString()).matcher(p).matches(), new PathGlob(g.toString()).matches(p.toString()),
                    "glob " + g + " on " + p);
        }
    }
    private static Pattern oldGlob(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    re.append(".*");
                    i++;
                } else {
                    re.append("[^/]*");
                }
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
