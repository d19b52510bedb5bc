package dev.secondaryorigin.testing.origin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A small site whose origin (nginx) answers redirects of every shape a real site has, in two versions.
 *
 * <p>Version 1: {@code /old.html} → 301 {@code /new/page.html}; {@code /latest} → 302 {@code /v3/}; a chain
 * {@code /chain-1} → 301 {@code /chain-2} → 307 (absolute URL) {@code /chain-3} → 308 {@code /new/page.html};
 * eleven hops {@code /long-0} → ... → {@code /long-10} → {@code /new/page.html} (the first one too long); an image
 * {@code /logo-old.png} → 301 {@code /img/logo.png}, and {@code /logo-older.png} → {@code /logo-old.png}; a loop
 * {@code /loop-a} ↔ {@code /loop-b}; {@code /away} → another host; {@code /alias} → the {@link #ALIAS_HOST} host,
 * which {@code --extra-host} covers; {@code /to-removed} → {@code /removed.html}; {@code /docs} → {@code /docs/}
 * (nginx's own directory redirect); {@code /index.html} → {@code /} (the same key as the home page).
 *
 * <p>Version 2 ({@link #version2}): {@code /old.html} stops redirecting and serves a page; the logo changes;
 * {@code /latest} → {@code /v4/}; {@code /removed.html} is deleted.
 */
public final class RedirectSite {
    public static final String DOMAIN = ScenarioSite.DOMAIN;
    public static final String ALIAS_HOST = "example.com";
    public static final String OFF_SITE = "https://elsewhere.example.net/page";
    /** /long-0 → /long-1 → ... → /long-{LONG} → /new/page.html. */
    public static final int LONG = 10;
    /**
     * Distinct real pages besides the redirects, so the site looks like one (its real objects outnumber its
     * redirects, whose pages are alike by design) to the soft-failure gate.
     */
    public static final int ARTICLES = 30;

    private final Path root;
    private int version = 1;
    private int retired;

    public RedirectSite(Path root) {
        this.root = root.toAbsolutePath();
    }

    public Path root() {
        return root;
    }

    /** Writes version 1 to disk. */
    public RedirectSite write() throws IOException {
        StringBuilder links = new StringBuilder();
        for (String s : new String[]{"/old.html", "/latest", "/chain-1", "/long-0", "/logo-older.png", "/loop-a",
                "/away", "/alias", "/to-removed", "/docs", "/new/page.html"}) {
            links.append("<a href=\"").append(s).append("\">").append(s).append("</a>\n");
        }
        for (int i = 0; i < ARTICLES; i++) {
            links.append("<a href=\"/articles/a-").append(i).append(".html\">article ").append(i).append("</a>\n");
            file("articles/a-" + i + ".html", page("Article " + i, "<p>Article number " + i + " of the site.</p>"));
        }
        file("index.html", page("Home", links.toString()));
        file("new/page.html", page("New page", "<a href=\"/index.html\">home</a> <img src=\"/logo-old.png\">"));
        file("new/alias-target.html", page("Alias target", "<a href=\"/\">home</a>"));
        file("v3/index.html", page("Version 3", "<a href=\"/\">home</a>"));
        file("v4/index.html", page("Version 4", "<a href=\"/\">home</a>"));
        file("docs/index.html", page("Docs", "<a href=\"/\">home</a>"));
        file("removed.html", page("Soon removed", "<a href=\"/\">home</a>"));
        Files.write(root.resolve("img/logo.png").toAbsolutePath(), logo(1));
        return this;
    }

    /** Switches the files to version 2; {@link #origin()} then describes version 2. */
    public RedirectSite version2() throws IOException {
        version = 2;
        file("old.html", page("The old page is back", "<a href=\"/\">home</a>"));
        Files.write(root.resolve("img/logo.png"), logo(2));
        Files.delete(root.resolve("removed.html"));
        return this;
    }

    /** The first {@code n} articles answer 301 to {@code /} from now on (pages retired behind a redirect). */
    public RedirectSite retire(int n) {
        retired = n;
        return this;
    }

    public byte[] bytes(String rel) throws IOException {
        return Files.readAllBytes(root.resolve(rel));
    }

    /** The nginx server blocks of the origin for the current version. */
    public String origin() {
        StringBuilder b = new StringBuilder("  root " + root + "; index index.html;\n"
                + "  location / { }\n"
                + "  location = /index.html { if ($request_uri = /index.html) { return 301 /; } }\n"
                + "  location = /latest { return 302 " + (version == 1 ? "/v3/" : "/v4/") + "; }\n"
                + "  location = /chain-1 { return 301 /chain-2; }\n"
                + "  location = /chain-2 { return 307 http://$host/chain-3; }\n"
                + "  location = /chain-3 { return 308 /new/page.html; }\n"
                + "  location = /logo-older.png { return 301 /logo-old.png; }\n"
                + "  location = /logo-old.png { return 301 /img/logo.png; }\n"
                + "  location = /loop-a { return 302 /loop-b; }\n"
                + "  location = /loop-b { return 302 /loop-a; }\n"
                + "  location = /away { return 301 " + OFF_SITE + "; }\n"
                + "  location = /alias { return 301 http://" + ALIAS_HOST + "/new/alias-target.html; }\n"
                + "  location = /to-removed { return 301 /removed.html; }\n");
        if (version == 1) {
            b.append("  location = /old.html { return 301 /new/page.html; }\n");
        }
        for (int i = 0; i < retired; i++) {
            b.append("  location = /articles/a-").append(i).append(".html { return 301 /; }\n");
        }
        for (int i = 0; i <= LONG; i++) {
            b.append("  location = /long-").append(i).append(" { return 301 ")
                    .append(i < LONG ? "/long-" + (i + 1) : "/new/page.html").append("; }\n");
        }
        return server(b.toString());
    }

    /** Every URL of the site answers 302 to {@code /maintenance.html}, a small page: a maintenance by redirect. */
    public static String redirectEverythingOrigin(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("maintenance.html"), ("<!doctype html><html><head><title>Down for maintenance</title>"
                + "</head><body><h1>We'll be back soon</h1></body></html>\n").getBytes(StandardCharsets.UTF_8));
        return server("  root " + dir.toAbsolutePath() + ";\n"
                + "  location = /maintenance.html { }\n"
                + "  location / { return 302 /maintenance.html; }\n");
    }

    private static String server(String body) {
        return "server { listen 127.0.0.1:%PORT% default_server; return 421; }\n"
                + "server { listen 127.0.0.1:%PORT%; server_name " + DOMAIN + " " + ALIAS_HOST + " 127.0.0.1;\n"
                + body + "}\n";
    }

    private void file(String rel, String content) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, content.getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(root.resolve("img"));
    }

    private static String page(String title, String body) {
        return "<!doctype html><html><head><meta charset=utf-8><title>" + title + "</title></head><body><h1>" + title
                + "</h1>" + body + "</body></html>\n";
    }

    private static byte[] logo(int version) {
        byte[] b = new byte[1500 + version * 7];
        new Random(version).nextBytes(b);
        byte[] sig = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(sig, 0, b, 0, sig.length);
        return b;
    }
}
