package dev.secondaryorigin.crawl;

/**
 * A path glob: {@code *} within one segment, {@code **} across segments, {@code ?} one character.
 *
 * <p>Matched by a dynamic program over (glob token, path position) rather than a backtracking regular
 * expression, so a glob with several stars costs O(glob length × path length) on any path, never the
 * polynomial blow-up of {@code .*.*.*} backtracking over a long hostile path.
 */
public final class PathGlob {
    private static final char STAR = '\uE000';
    private static final char DOUBLE_STAR = '\uE001';
    private static final char ANY_ONE = '\uE002';

    private final String glob;
    /** One per glob token: a literal character, or one of the markers above. */
    private final char[] tokens;
    /** Whether {@code tokens[i]} is a literal (so a literal private-use character is no marker). */
    private final boolean[] literal;

    public PathGlob(String glob) {
        this.glob = glob;
        char[] t = new char[glob.length()];
        boolean[] lit = new boolean[glob.length()];
        int k = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    i++;
                    t[k] = DOUBLE_STAR;
                } else {
                    t[k] = STAR;
                }
            } else if (c == '?') {
                t[k] = ANY_ONE;
            } else {
                t[k] = c;
                lit[k] = true;
            }
            k++;
        }
        tokens = java.util.Arrays.copyOf(t, k);
        literal = java.util.Arrays.copyOf(lit, k);
    }

    /** Matches the decoded path (so globs are written as people read paths). */
    public boolean matches(String decodedPath) {
        int n = decodedPath.length();
        // can[j]: the tokens so far match exactly the first j characters of the path.
        boolean[] can = new boolean[n + 1];
        boolean[] next = new boolean[n + 1];
        can[0] = true;
        for (int t = 0; t < tokens.length; t++) {
            char tok = tokens[t];
            boolean any = false;
            if (literal[t] || tok == ANY_ONE) {
                next[0] = false;
                for (int j = 0; j < n; j++) {
                    char c = decodedPath.charAt(j);
                    next[j + 1] = can[j] && (literal[t] ? c == tok : c != '/');
                    any |= next[j + 1];
                }
            } else if (tok == DOUBLE_STAR) {
                boolean seen = false;
                for (int j = 0; j <= n; j++) {
                    seen |= can[j];
                    next[j] = seen;
                }
                any = seen;
            } else {
                next[0] = can[0];
                for (int j = 1; j <= n; j++) {
                    next[j] = can[j] || (next[j - 1] && decodedPath.charAt(j - 1) != '/');
                }
                for (int j = 0; j <= n && !any; j++) {
                    any = next[j];
                }
            }
            if (!any) {
                return false;
            }
            boolean[] swap = can;
            can = next;
            next = swap;
        }
        return can[n];
    }

    @Override
    public String toString() {
        return glob;
    }
}
