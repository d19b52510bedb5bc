package dev.secondaryorigin.sync;

import dev.secondaryorigin.crawl.RefusedUrlException;
import dev.secondaryorigin.crawl.ResourceTypes;
import dev.secondaryorigin.crawl.UrlKeys;
import dev.secondaryorigin.state.Manifest;
import dev.secondaryorigin.state.ManifestEntry;
import dev.secondaryorigin.task.ResourceType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Which URLs a drill requests, and what each should answer, from the manifest of the last pass: every stored
 * object and every redirect source (or a sample stratified by kind, or a given list such as the CDN's top
 * URLs), plus the other form of each directory URL and, for every {@value #QUERY_EVERY}th stored URL, the
 * same URL with a query string. Pure: no I/O.
 */
public final class DrillPlan {
    /** One stored URL in this many is also asked with a query string. */
    static final int QUERY_EVERY = 20;
    static final String QUERY = "utm_source=failover-drill";
    private static final int MAX_REDIRECT_HOPS = 10;

    private final Manifest manifest;
    private final Map<String, ManifestEntry> storedByKey = new HashMap<>();

    public DrillPlan(Manifest manifest) {
        this.manifest = manifest;
        for (ManifestEntry e : manifest.entries()) {
            String key = keyOrNull(e.path());
            if (key != null && isStored(e)) {
                storedByKey.merge(key, e, (a, b) -> a.path().compareTo(b.path()) <= 0 ? a : b);
            }
        }
    }

    /** Every URL of the manifest. */
    public List<DrillProbe> all() {
        return expand(bases());
    }

    /** About {@code n} URLs of the manifest, each kind in proportion and every kind at least once. */
    public List<DrillProbe> sample(int n, long seed) {
        List<ManifestEntry> bases = bases();
        if (n >= bases.size()) {
            return expand(bases);
        }
        Map<DrillKind, List<ManifestEntry>> byKind = new EnumMap<>(DrillKind.class);
        for (ManifestEntry e : bases) {
            byKind.computeIfAbsent(kindOf(e), k -> new ArrayList<>()).add(e);
        }
        Random random = new Random(seed);
        List<ManifestEntry> picked = new ArrayList<>();
        for (List<ManifestEntry> group : byKind.values()) {
            int quota = (int) Math.max(1, Math.round((double) n * group.size() / bases.size()));
            Collections.shuffle(group, random);
            picked.addAll(group.subList(0, Math.min(quota, group.size())));
        }
        picked.sort(ORDER);
        return expand(picked);
    }

    /**
     * The given URLs (absolute, or paths with an optional query string), each compared with the manifest entry
     * of its path; a URL the manifest does not know only has to answer 200.
     */
    public List<DrillProbe> urls(List<String> urls) {
        List<DrillProbe> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String u : urls) {
            String request = requestOf(u);
            if (request == null || !seen.add(request)) {
                continue;
            }
            int q = request.indexOf('?');
            String path = q < 0 ? request : request.substring(0, q);
            ManifestEntry e = manifest.get(path);
            if (e == null) {
                String key = keyOrNull(path);
                e = key == null ? null : storedByKey.get(key);
            }
            if (e != null && (isStored(e) || isRedirect(e))) {
                out.add(probeFor(e, request));
            } else {
                out.add(DrillProbe.unknown(request, ResourceTypes.byExtension(path) == ResourceType.HTML
                        ? DrillKind.PAGES : DrillKind.ASSETS));
            }
        }
        return out;
    }

    /** How many manifest entries a drill of everything starts from (stored objects and redirect sources). */
    public int baseCount() {
        return bases().size();
    }

    /** Whether the manifest says this URL was found in a script or JSON and fetched speculatively. */
    static boolean isScriptLoaded(ManifestEntry e) {
        return e.speculative();
    }

    static DrillKind kindOf(ManifestEntry e) {
        if (isRedirect(e)) {
            return DrillKind.REDIRECTS;
        }
        if (isScriptLoaded(e)) {
            return DrillKind.SCRIPT_LOADED;
        }
        return ResourceTypes.classify(e.contentType(), e.path()) == ResourceType.HTML ? DrillKind.PAGES : DrillKind.ASSETS;
    }

    private static boolean isStored(ManifestEntry e) {
        return e.stored() && e.md5() != null;
    }

    private static boolean isRedirect(ManifestEntry e) {
        return e.redirect() != null && e.status() >= 300 && e.status() < 400;
    }

    private static final Comparator<ManifestEntry> ORDER =
            Comparator.comparingInt(ManifestEntry::depth).thenComparing(ManifestEntry::path);

    private List<ManifestEntry> bases() {
        List<ManifestEntry> out = new ArrayList<>();
        for (ManifestEntry e : manifest.entries()) {
            if ((isStored(e) || isRedirect(e)) && keyOrNull(e.path()) != null) {
                out.add(e);
            }
        }
        out.sort(ORDER);
        return out;
    }

    private List<DrillProbe> expand(List<ManifestEntry> bases) {
        Map<String, DrillProbe> probes = new LinkedHashMap<>();
        int stored = 0;
        for (ManifestEntry e : bases) {
            probes.putIfAbsent(e.path(), probeFor(e, e.path()));
        }
        for (ManifestEntry e : bases) {
            if (isRedirect(e)) {
                continue;
            }
            Map<String, String> body = Collections.singletonMap(e.md5(), e.contentType());
            String key = keyOrNull(e.path());
            if (key.equals(UrlKeys.INDEX) || key.endsWith("/" + UrlKeys.INDEX)) {
                String dir = e.path().endsWith("/") ? e.path()
                        : e.path().substring(0, e.path().length() - UrlKeys.INDEX.length());
                if (manifest.get(dir) == null) {
                    probes.putIfAbsent(dir, DrillProbe.object(dir, DrillKind.DIRECTORIES, e.path(), e.depth(), body));
                }
                String bare = dir.substring(0, dir.length() - 1);
                if (!bare.isEmpty() && manifest.get(bare) == null) {
                    probes.putIfAbsent(bare, DrillProbe.redirect(bare, DrillKind.DIRECTORIES, e.path(), e.depth(), body,
                            Collections.singleton(key)));
                }
            }
            if (stored++ % QUERY_EVERY == 0) {
                String request = e.path() + "?" + QUERY;
                probes.putIfAbsent(request, DrillProbe.object(request, DrillKind.QUERY_STRINGS, e.path(), e.depth(), body));
            }
        }
        return new ArrayList<>(probes.values());
    }

    private DrillProbe probeFor(ManifestEntry e, String request) {
        DrillKind kind = request.indexOf('?') >= 0 && !isRedirect(e) ? DrillKind.QUERY_STRINGS : kindOf(e);
        if (!isRedirect(e)) {
            return DrillProbe.object(request, kind, e.path(), e.depth(), Collections.singletonMap(e.md5(), e.contentType()));
        }
        // The source may answer with its own old object, a redirect to any hop of the chain, or the final
        // target's bytes (a copy or a page made for it).
        Map<String, String> bodies = new LinkedHashMap<>();
        Set<String> targets = new LinkedHashSet<>();
        if (isStored(e)) {
            bodies.put(e.md5(), e.contentType());
        }
        ManifestEntry hop = e;
        for (int i = 0; i < MAX_REDIRECT_HOPS && hop != null && isRedirect(hop); i++) {
            String target = hop.redirect();
            if (!target.startsWith("/")) {
                targets.add(target);
                hop = null;
                break;
            }
            String key = keyOrNull(target);
            if (key == null || !targets.add(key)) {
                break;
            }
            ManifestEntry next = manifest.get(target);
            if (next == null || !isRedirect(next)) {
                next = next != null && isStored(next) ? next : storedByKey.get(key);
            }
            hop = next;
        }
        if (hop != null && isStored(hop) && !isRedirect(hop)) {
            bodies.put(hop.md5(), hop.contentType());
        }
        return DrillProbe.redirect(request, kind, e.path(), e.depth(), bodies, targets);
    }

    /** The path and query of a URL (absolute or a path), canonical; null for one that is not a URL of a site. */
    static String requestOf(String url) {
        String u = url.trim();
        int scheme = u.indexOf("://");
        if (scheme > 0) {
            int slash = u.indexOf('/', scheme + 3);
            int query = u.indexOf('?', scheme + 3);
            if (slash < 0 || (query >= 0 && query < slash)) {
                u = "/" + (query < 0 ? "" : u.substring(query));
            } else {
                u = u.substring(slash);
            }
        }
        int hash = u.indexOf('#');
        if (hash >= 0) {
            u = u.substring(0, hash);
        }
        int q = u.indexOf('?');
        try {
            String path = UrlKeys.canonicalPath(q < 0 ? u : u.substring(0, q));
            UrlKeys.keyFor(path);
            return q < 0 || q == u.length() - 1 ? path : path + u.substring(q);
        } catch (RefusedUrlException e) {
            return null;
        }
    }

    static String keyOrNull(String path) {
        try {
            return UrlKeys.keyFor(path);
        } catch (RefusedUrlException e) {
            return null;
        }
    }
}
