package dev.secondaryorigin.crawl;

import dev.secondaryorigin.task.TaskConfig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which URLs belong to the task's site and may be fetched: the domain (plus the user's extra host
 * names and the origin address itself), on a default port or the origin's port; never another host.
 * Also bounds infinite URL spaces (very long or deep paths, repeating segments) and applies the
 * user's exclude globs.
 */
public final class Scope {
    static final int MAX_SEGMENTS = 64;
    static final int MAX_SEGMENT_REPEATS = 3;

    private final Set<String> hosts = new HashSet<>();
    private final int originPort;
    private final List<PathGlob> excludes = new ArrayList<>();
    private final List<PathGlob> includes = new ArrayList<>();

    public Scope(TaskConfig config) {
        hosts.add(config.domain());
        hosts.addAll(config.extraHosts());
        hosts.add(config.origin().getHost().toLowerCase(Locale.ROOT));
        originPort = config.originPort();
        for (String g : config.excludes()) {
            excludes.add(new PathGlob(g));
        }
        for (String g : config.includes()) {
            includes.add(new PathGlob(g));
        }
    }

    /**
     * The canonical path of an absolute http(s) URL on this site. Throws with reason {@code off-site} for
     * other hosts, or another reason for URLs that are malformed, hostile or excluded.
     */
    public String pathOf(String absoluteUrl) throws RefusedUrlException {
        String u = absoluteUrl.trim();
        int colon = u.indexOf("://");
        if (colon <= 0) {
            throw new RefusedUrlException("not-http", "not an absolute http(s) URL");
        }
        String scheme = u.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RefusedUrlException("not-http", "scheme " + scheme + " is not followed");
        }
        int start = colon + 3;
        int end = start;
        while (end < u.length() && "/?#".indexOf(u.charAt(end)) < 0) {
            end++;
        }
        String authority = u.substring(start, end);
        if (authority.indexOf('@') >= 0) {
            throw new RefusedUrlException("off-site", "URL carries user information");
        }
        String host = authority;
        int port = scheme.equals("https") ? 443 : 80;
        int portColon = authority.lastIndexOf(':');
        if (portColon >= 0 && authority.indexOf(']') < portColon) {
            host = authority.substring(0, portColon);
            String p = authority.substring(portColon + 1);
            if (!p.isEmpty()) {
                try {
                    port = Integer.parseInt(p);
                } catch (NumberFormatException e) {
                    throw new RefusedUrlException("off-site", "malformed port");
                }
            }
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        boolean defaultPort = port == 80 || port == 443;
        if (!hosts.contains(host) || !(defaultPort || port == originPort)) {
            throw new RefusedUrlException("off-site", "host " + host + ":" + port + " is not the task's site");
        }
        String rest = u.substring(end);
        int cut = indexOfAny(rest, '?', '#');
        String rawPath = cut >= 0 ? rest.substring(0, cut) : rest;
        return checkPath(UrlKeys.canonicalPath(rawPath));
    }

    /** Bounds on the URL space and the user's excludes, for a path already canonical. */
    public String checkPath(String path) throws RefusedUrlException {
        String[] segs = path.split("/");
        if (segs.length > MAX_SEGMENTS) {
            throw new RefusedUrlException("path-too-deep", "more than " + MAX_SEGMENTS + " path segments");
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String s : segs) {
            if (s.isEmpty()) {
                continue;
            }
            int n = counts.merge(s, 1, Integer::sum);
            if (n > MAX_SEGMENT_REPEATS) {
                throw new RefusedUrlException("url-loop", "segment \"" + UrlKeys.abbreviate(s)
                        + "\" repeats more than " + MAX_SEGMENT_REPEATS + " times");
            }
        }
        String decoded = UrlKeys.decode(path);
        for (PathGlob g : excludes) {
            if (g.matches(decoded)) {
                throw new RefusedUrlException("excluded", "matches --exclude " + g);
            }
        }
        return path;
    }

    /** Whether a path may be stored under the user's include globs (all paths when none are given). */
    public boolean included(String path) {
        if (includes.isEmpty()) {
            return true;
        }
        String decoded;
        try {
            decoded = UrlKeys.decode(path);
        } catch (RefusedUrlException e) {
            return false;
        }
        for (PathGlob g : includes) {
            if (g.matches(decoded)) {
                return true;
            }
        }
        return false;
    }

    private static int indexOfAny(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == a || c == b) {
                return i;
            }
        }
        return -1;
    }
}
