package dev.secondaryorigin.sync;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StoredPathsTest {
    @Test
    void keepsThePathsInOrderUpToItsLimitAndCanBeReadTwice() {
        StoredPaths s = new StoredPaths(null, 3);
        for (String p : new String[]{"/a", "/\u00e9", "/c", "/d", "/e"}) {
            s.stored(p, p.substring(1));
        }
        assertEquals(Arrays.asList("/a", "/\u00e9", "/c"), s.paths());
        assertEquals(Arrays.asList("/a", "/\u00e9", "/c"), s.paths());
        assertEquals(2, s.dropped());
    }
}
