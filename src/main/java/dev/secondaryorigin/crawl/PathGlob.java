package dev.secondaryorigin.crawl;

import java.util.regex.Pattern;

/** A path glob: {@code *} within one segment, {@code **} across segments, {@code ?} one character. */
public final class PathGlob {
    private final String glob;
    private final Pattern pattern;

    public PathGlob(String glob) {
        this.glob = glob;
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
        pattern = Pattern.compile(re.toString());
    }

    /** Matches the decoded path (so globs are written as people read paths). */
    public boolean matches(String decodedPath) {
        return pattern.matcher(decodedPath).matches();
    }

    @Override
    public String toString() {
        return glob;
    }
}
