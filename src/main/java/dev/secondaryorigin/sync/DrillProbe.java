package dev.secondaryorigin.sync;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One request the drill makes through the HTTP base, and what the origin served for it at the last pass:
 * the acceptable bodies (MD5 → Content-Type) and, for a redirect source or a {@code /dir} form, the keys a
 * redirect (a 30x, or a page's meta refresh or canonical link) may send the visitor to. Immutable.
 */
public final class DrillProbe {
    private final String request;
    private final DrillKind kind;
    private final String manifestPath;
    private final int depth;
    private final Map<String, String> bodies;
    private final Set<String> targets;
    private final boolean known;

    private DrillProbe(String request, DrillKind kind, String manifestPath, int depth, Map<String, String> bodies,
                       Set<String> targets, boolean known) {
        this.request = request;
        this.kind = kind;
        this.manifestPath = manifestPath;
        this.depth = depth;
        this.bodies = Collections.unmodifiableMap(new LinkedHashMap<>(bodies));
        this.targets = Collections.unmodifiableSet(new LinkedHashSet<>(targets));
        this.known = known;
    }

    /** A URL whose answer must be one of {@code bodies} (MD5 → Content-Type, null type = any). */
    static DrillProbe object(String request, DrillKind kind, String manifestPath, int depth, Map<String, String> bodies) {
        return new DrillProbe(request, kind, manifestPath, depth, bodies, Collections.<String>emptySet(), true);
    }

    /**
     * A URL that may answer with a redirect to one of {@code targets} (object keys, or absolute URLs for a
     * target on another host), a page that sends the visitor there, or one of {@code bodies}.
     */
    static DrillProbe redirect(String request, DrillKind kind, String manifestPath, int depth, Map<String, String> bodies,
                               Set<String> targets) {
        return new DrillProbe(request, kind, manifestPath, depth, bodies, targets, true);
    }

    /** A URL the manifest does not know (a CDN top URL): any 200 will do, nothing can be compared. */
    static DrillProbe unknown(String request, DrillKind kind) {
        return new DrillProbe(request, kind, null, Integer.MAX_VALUE, Collections.<String, String>emptyMap(),
                Collections.<String>emptySet(), false);
    }

    /** Path and query as requested, e.g. {@code /docs?utm_source=failover-drill}. */
    public String request() {
        return request;
    }

    public DrillKind kind() {
        return kind;
    }

    /** The manifest entry the expectation comes from, or null. */
    public String manifestPath() {
        return manifestPath;
    }

    public int depth() {
        return depth;
    }

    public Map<String, String> bodies() {
        return bodies;
    }

    public Set<String> targets() {
        return targets;
    }

    /** False for a URL the manifest does not know. */
    public boolean known() {
        return known;
    }
}
