package dev.secondaryorigin.testing.origin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A generated website on disk for the soft-failure gate scenarios, and the nginx configurations that turn its
 * origin into a healthy site, a maintenance page, empty bodies or an SPA fallback.
 *
 * <p>The site is a model rendered to files: 60 files by default (home, about, contact, a blog index and 20
 * posts; two stylesheets whose {@code url()}s reach two fonts and a background image; two scripts; a logo, 20
 * post images and 8 team photos), every page linking the stylesheet and script. Each file has a revision;
 * {@link #change} bumps it, and the next {@link #write} rewrites exactly the files whose bytes changed, with a
 * new mtime (so nginx's ETag and Last-Modified change for sure) while the others keep theirs (so nginx answers
 * 304 to the engine's conditional requests). Optional parts: {@link #tags} identical small tag pages, and
 * {@link #bulk} many small scripts and stylesheets (a site whose publishing takes a while).
 *
 * <p>Bodies are deterministic: a given (path, revision) always renders the same bytes, two paths or two
 * revisions never do (tag pages excepted, which are identical on purpose).
 */
public final class ScenarioSite {
    public static final String DOMAIN = "www.example.com";
    /** mtime of everything written by the first {@link #write}; each later write is an hour later. */
    private static final long BASE_MTIME_MILLIS = 1_700_000_000_000L;
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final String[] WORDS = ("origin cache edge mirror backup object bucket page style script image "
            + "font header footer article summary release update feature design layout colour theme story team "
            + "contact about product service price offer season garden river mountain city harbour morning").split(" ");

    private final Path root;
    private final Set<Integer> posts = new TreeSet<>();
    private final Set<Integer> team = new TreeSet<>();
    private int tags;
    private int bulk;
    /** Files served as HTML whatever their extension (an image that became a page). */
    private final Set<String> servedAsHtml = new TreeSet<>();
    private final Map<String, Integer> revisions = new TreeMap<>();
    private int generation;

    /** The default 60-file site, not yet written: call {@link #write}. */
    public ScenarioSite(Path root) {
        this.root = root.toAbsolutePath();
        for (int i = 0; i < 20; i++) {
            posts.add(i);
        }
        for (int i = 0; i < 8; i++) {
            team.add(i);
        }
    }

    public Path root() {
        return root;
    }

    // ---------------------------------------------------------------- the model

    /** {@code n} identical tag pages {@code /tags/tag-N.html}, listed by {@code /tags/}, linked from home. */
    public ScenarioSite tags(int n) {
        tags = n;
        return this;
    }

    /**
     * {@code n} small files {@code /bulk/sK/fNNNNN.js|.css} (alternating), 100 per section page
     * {@code /bulk/sK/}, the section pages linked from home.
     */
    public ScenarioSite bulk(int n) {
        bulk = n;
        return this;
    }

    public ScenarioSite addPost(int n) {
        posts.add(n);
        return this;
    }

    public ScenarioSite removePost(int n) {
        posts.remove(n);
        return this;
    }

    public ScenarioSite addTeamPhoto(int n) {
        team.add(n);
        return this;
    }

    public ScenarioSite removeTeamPhoto(int n) {
        team.remove(n);
        return this;
    }

    /** Turns {@code rel} (say an image) into an HTML page served as text/html at the same URL. */
    public ScenarioSite serveAsHtml(String rel) {
        servedAsHtml.add(rel);
        change(Collections.singleton(rel));
        return this;
    }

    /** New content (same type, similar size) for each of {@code rels} at the next {@link #write}. */
    public ScenarioSite change(Collection<String> rels) {
        Set<String> files = new TreeSet<>(files());
        for (String r : rels) {
            if (!files.contains(r)) {
                throw new IllegalArgumentException("not a file of the site: " + r);
            }
            revisions.merge(r, 1, Integer::sum);
        }
        return this;
    }

    /** New content for every file matching {@code which} (tag pages, identical by design, stay identical). */
    public List<String> changeWhere(Predicate<String> which) {
        List<String> changed = new ArrayList<>();
        for (String r : files()) {
            if (which.test(r) && !isTagPage(r)) {
                changed.add(r);
            }
        }
        change(changed);
        return changed;
    }

    /**
     * About {@code share} of the files, spread evenly over the sorted list (so every kind of file is among
     * them), that {@link #change} would give new content; tag pages are never picked.
     */
    public List<String> pick(double share) {
        List<String> all = new ArrayList<>();
        for (String r : files()) {
            if (!isTagPage(r)) {
                all.add(r);
            }
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (Math.floor((i + 1) * share) > Math.floor(i * share)) {
                out.add(all.get(i));
            }
        }
        return out;
    }

    /** Every file of the site as it is now (the model, which {@link #write} puts on disk), sorted. */
    public List<String> files() {
        Set<String> f = new TreeSet<>(Arrays.asList("index.html", "about.html", "contact.html", "blog/index.html",
                "css/site.css", "css/print.css", "js/app.js", "js/vendor.js", "fonts/body.woff2", "fonts/head.woff",
                "img/logo.png", "img/bg.png"));
        for (int p : posts) {
            f.add("blog/post-" + p + ".html");
            f.add("img/post-" + p + ".png");
        }
        for (int t : team) {
            f.add("img/team-" + t + ".png");
        }
        if (tags > 0) {
            f.add("tags/index.html");
            for (int t = 0; t < tags; t++) {
                f.add("tags/tag-" + t + ".html");
            }
        }
        for (int s = 0; s < sections(); s++) {
            f.add("bulk/s" + s + "/index.html");
        }
        for (int b = 0; b < bulk; b++) {
            f.add(bulkFile(b));
        }
        return new ArrayList<>(f);
    }

    /** The bytes of each file of the site as the origin serves them now, keyed by object key. */
    public Map<String, byte[]> contents() {
        Map<String, byte[]> m = new TreeMap<>();
        for (String r : files()) {
            m.put(r, render(r));
        }
        return m;
    }

    /**
     * Puts the model on disk: writes the files whose bytes differ from what is there (new mtime), deletes the
     * files no longer in the site, leaves the rest untouched. Returns the paths written.
     */
    public List<String> write() throws IOException {
        generation++;
        FileTime mtime = FileTime.fromMillis(BASE_MTIME_MILLIS + generation * 3_600_000L);
        List<String> files = files();
        List<String> written = new ArrayList<>();
        for (String r : files) {
            byte[] b = render(r);
            Path p = root.resolve(r);
            if (Files.isRegularFile(p) && Arrays.equals(b, Files.readAllBytes(p))) {
                continue;
            }
            Files.createDirectories(p.getParent());
            Files.write(p, b);
            Files.setLastModifiedTime(p, mtime);
            written.add(r);
        }
        Set<String> keep = new TreeSet<>(files);
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                    String rel = root.relativize(p).toString().replace('\\', '/');
                    if (!keep.contains(rel)) {
                        Files.delete(p);
                    }
                }
            }
        }
        return written;
    }

    // ---------------------------------------------------------------- rendering

    private int sections() {
        return (bulk + 99) / 100;
    }

    private static String bulkFile(int b) {
        return String.format("bulk/s%d/f%05d.%s", b / 100, b, b % 2 == 0 ? "js" : "css");
    }

    private static boolean isTagPage(String rel) {
        return rel.startsWith("tags/tag-");
    }

    private byte[] render(String rel) {
        int rev = revisions.getOrDefault(rel, 0);
        if (servedAsHtml.contains(rel)) {
            return page("Promotion " + rel, rel, rev, "<p>This address now shows a page.</p><a href=\"/\">home</a>");
        }
        if (isTagPage(rel)) {
            return utf8("<!doctype html><html><head><title>Tag</title><link rel=stylesheet href=/css/site.css></head>"
                    + "<body><h1>Tag</h1><p>No posts with this tag yet.</p><a href=\"/tags/\">all tags</a></body></html>\n");
        }
        switch (rel) {
            case "index.html": {
                StringBuilder b = new StringBuilder("<nav><a href=\"/about.html\">About</a> <a href=\"/contact.html\">"
                        + "Contact</a> <a href=\"/blog/\">Blog</a>");
                if (tags > 0) {
                    b.append(" <a href=\"/tags/\">Tags</a>");
                }
                b.append("</nav><img src=\"/img/logo.png\" alt=logo>"
                        + "<link rel=stylesheet media=print href=\"/css/print.css\"><script src=\"/js/vendor.js\"></script>");
                for (int s = 0; s < sections(); s++) {
                    b.append("<a href=\"/bulk/s").append(s).append("/\">archive ").append(s).append("</a>\n");
                }
                return page("Home", rel, rev, b.toString());
            }
            case "about.html": {
                StringBuilder b = new StringBuilder("<h2>Our team</h2>");
                for (int t : team) {
                    b.append("<img src=\"img/team-").append(t).append(".png\" alt=\"member ").append(t).append("\">\n");
                }
                return page("About", rel, rev, b.append("<a href=\"/\">home</a>").toString());
            }
            case "contact.html":
                return page("Contact", rel, rev, "<img src=\"/img/logo.png\" alt=logo><a href=\"mailto:x@example.com\">"
                        + "mail</a><a href=\"/\">home</a>");
            case "blog/index.html": {
                StringBuilder b = new StringBuilder("<h2>Posts</h2><ul>");
                for (int p : posts) {
                    b.append("<li><a href=\"post-").append(p).append(".html\">Post ").append(p).append("</a></li>\n");
                }
                return page("Blog", rel, rev, b.append("</ul><a href=\"../\">home</a>").toString());
            }
            case "tags/index.html": {
                StringBuilder b = new StringBuilder("<h2>Tags</h2>");
                for (int t = 0; t < tags; t++) {
                    b.append("<a href=\"tag-").append(t).append(".html\">tag ").append(t).append("</a>\n");
                }
                return page("Tags", rel, rev, b.toString());
            }
            case "css/site.css":
                return utf8("@font-face{font-family:Body;src:url(../fonts/body.woff2) format(\"woff2\")}\n"
                        + "@font-face{font-family:Head;src:url('../fonts/head.woff') format(\"woff\")}\n"
                        + "body{font-family:Body;background:url(../img/bg.png)}h1{font-family:Head}\n"
                        + rules(rel, rev, 40));
            case "css/print.css":
                return utf8("@media print{nav{display:none}}\n" + rules(rel, rev, 12));
            case "fonts/body.woff2":
                return binary("wOF2", rel, rev, 9000);
            case "fonts/head.woff":
                return binary("wOFF", rel, rev, 7000);
            default:
                break;
        }
        if (rel.startsWith("blog/post-")) {
            String n = rel.substring("blog/post-".length(), rel.length() - ".html".length());
            return page("Post " + n, rel, rev, "<article><img src=\"../img/post-" + n + ".png\" alt=\"\">"
                    + prose(rel, rev, 120) + "</article><a href=\"./\">all posts</a> <a href=\"/\">home</a>");
        }
        if (rel.startsWith("bulk/")) {
            if (rel.endsWith("/index.html")) {
                int s = Integer.parseInt(rel.substring("bulk/s".length(), rel.indexOf('/', "bulk/s".length())));
                StringBuilder b = new StringBuilder();
                for (int i = s * 100; i < Math.min(bulk, s * 100 + 100); i++) {
                    String f = bulkFile(i);
                    String name = f.substring(f.lastIndexOf('/') + 1);
                    b.append(name.endsWith(".js") ? "<script src=\"" + name + "\"></script>\n"
                            : "<link rel=stylesheet href=\"" + name + "\">\n");
                }
                return page("Archive " + s, rel, rev, b.toString());
            }
            return utf8(rel.endsWith(".js") ? "/* " + rel + " r" + rev + " */\nvar v=\"" + prose(rel, rev, 30) + "\";\n"
                    : "/* " + rel + " r" + rev + " */\n" + rules(rel, rev, 6));
        }
        if (rel.startsWith("js/")) {
            return utf8("/* " + rel + " r" + rev + " */\n(function(){var words=\"" + prose(rel, rev, 200)
                    + "\".split(' ');document.title+=words.length;})();\n");
        }
        if (rel.startsWith("img/")) {
            int size = 900 + Math.floorMod(rel.hashCode(), 2600);
            return binary(null, rel, rev, size);
        }
        throw new IllegalStateException("no renderer for " + rel);
    }

    private static byte[] page(String title, String rel, int rev, String body) {
        return utf8("<!doctype html><html><head><meta charset=utf-8><title>" + title + "</title>"
                + "<link rel=stylesheet href=\"/css/site.css\"><script src=\"/js/app.js\" defer></script></head>"
                + "<body><h1>" + title + "</h1>" + body + "<footer><p>" + prose(rel, rev, 60) + "</p></footer>"
                + "</body></html>\n");
    }

    /** {@code words} deterministic words for (path, revision). */
    private static String prose(String rel, int rev, int words) {
        Random r = new Random(rel.hashCode() * 1_000_003L + rev * 7919L);
        StringBuilder b = new StringBuilder(rel).append(" r").append(rev);
        for (int i = 0; i < words; i++) {
            b.append(' ').append(WORDS[r.nextInt(WORDS.length)]);
        }
        return b.toString();
    }

    private static String rules(String rel, int rev, int n) {
        Random r = new Random(rel.hashCode() * 31L + rev);
        StringBuilder b = new StringBuilder("/* ").append(rel).append(" r").append(rev).append(" */\n");
        for (int i = 0; i < n; i++) {
            b.append(".c").append(i).append("{color:#").append(String.format("%06x", r.nextInt(1 << 24)))
                    .append(";margin:").append(r.nextInt(40)).append("px}\n");
        }
        return b.toString();
    }

    /** Pseudo-random bytes behind a format signature; the size moves a little with the revision. */
    private static byte[] binary(String signature, String rel, int rev, int size) {
        byte[] b = new byte[size + rev * 13];
        new Random(rel.hashCode() * 1_000_033L + rev).nextBytes(b);
        byte[] sig = signature == null ? PNG_SIGNATURE : signature.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(sig, 0, b, 0, sig.length);
        return b;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- origins (nginx server blocks)

    /** A server for {@link #DOMAIN} with {@code body} inside, behind a default server that answers 421. */
    private static String server(String body) {
        return "server { listen 127.0.0.1:%PORT% default_server; return 421; }\n"
                + "server { listen 127.0.0.1:%PORT%; server_name " + DOMAIN + " 127.0.0.1;\n" + body + "}\n";
    }

    /**
     * The healthy origin: the site as static files, stylesheets and scripts with a Cache-Control header, files
     * turned into pages by {@link #serveAsHtml} served as text/html.
     */
    public String healthyOrigin() {
        StringBuilder b = new StringBuilder("  root " + root + "; index index.html;\n"
                + "  location / { }\n"
                + "  location /css/ { add_header Cache-Control \"public, max-age=600\"; }\n"
                + "  location /js/ { add_header Cache-Control \"public, max-age=300\"; }\n");
        for (String r : servedAsHtml) {
            b.append("  location = /").append(r).append(" { types { } default_type text/html; }\n");
        }
        return server(b.toString());
    }

    /**
     * A site down for maintenance: every URL (existing or not, robots.txt included) answers 200 with one small
     * HTML page, which links a stylesheet that is itself answered with that page. Its files go under {@code dir}.
     */
    public static String maintenanceOrigin(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("maintenance.html"), utf8("<!doctype html><html><head><title>Down for maintenance"
                + "</title><link rel=stylesheet href=\"/maintenance/style.css\"></head><body><h1>We'll be back soon"
                + "</h1><p>www.example.com is down for scheduled maintenance.</p></body></html>\n"));
        return server("  root " + dir.toAbsolutePath() + ";\n  location / { try_files /maintenance.html =503; }\n");
    }

    /**
     * An origin that answers 200 with an empty body for every URL: each file of the site as it is now, truncated
     * to 0 bytes (so each keeps its Content-Type), and an empty page for any other URL. Files go under {@code dir}.
     */
    public String emptyBodiesOrigin(Path dir) throws IOException {
        for (String r : files()) {
            Path p = dir.resolve(r);
            Files.createDirectories(p.getParent());
            Files.write(p, new byte[0]);
        }
        return server("  root " + dir.toAbsolutePath() + ";\n"
                + "  location / { try_files $uri $uri/index.html /index.html; }\n");
    }

    /** A single-page-app fallback gone wrong: every path answers the home page ({@code try_files /index.html}). */
    public String spaFallbackOrigin() {
        return server("  root " + root + ";\n  location / { try_files /index.html =404; }\n");
    }
}
