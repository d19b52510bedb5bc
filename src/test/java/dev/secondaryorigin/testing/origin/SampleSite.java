package dev.secondaryorigin.testing.origin;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A small site for {@link FaultyOrigin}: a home page, a few pages linking each other, a stylesheet
 * with url() references, a script, images, and a list of item pages. Every body carries a version
 * label, so {@code publish(origin, "v2")} changes every resource (new bytes, new ETag).
 */
public final class SampleSite {
    private final int items;
    private volatile String homeExtras = "";

    /** @param items number of {@code /items/N.html} pages linked from {@code /items/} */
    public SampleSite(int items) {
        this.items = items;
    }

    /** Extra markup for the home page (links a test wants the crawler to meet). */
    public SampleSite homeExtras(String html) {
        homeExtras = html;
        return this;
    }

    /** Paths of every resource, as requested from the origin. */
    public List<String> paths() {
        List<String> p = new ArrayList<>();
        Collections.addAll(p, "/", "/about.html", "/blog/", "/blog/first-post.html", "/css/site.css",
                "/js/app.js", "/img/logo.png", "/img/bg.png", "/items/");
        for (int i = 0; i < items; i++) {
            p.add(item(i));
        }
        return p;
    }

    public static String item(int i) {
        return "/items/" + i + ".html";
    }

    /** Serves (or replaces) every resource with bodies of this version. */
    public void publish(FaultyOrigin origin, String version) {
        origin.put("/", "text/html; charset=utf-8", page(version, "Home",
                "<a href=\"/about.html\">About</a> <a href=\"blog/\">Blog</a> <a href=\"/items/\">Items</a>"
                        + "<img src=\"/img/logo.png\" alt=\"logo\">" + homeExtras));
        origin.put("/about.html", "text/html; charset=utf-8", page(version, "About",
                "<a href=\"/\">Home</a> <img src=\"img/logo.png\">"));
        origin.put("/blog/", "text/html; charset=utf-8", page(version, "Blog",
                "<a href=\"first-post.html\">First post</a>"));
        origin.put("/blog/first-post.html", "text/html; charset=utf-8", page(version, "First post",
                "<p>Hello.</p><a href=\"../\">Home</a>"));
        origin.put("/css/site.css", "text/css", "/* " + version + " */\nbody { background: url('../img/bg.png'); }\n");
        origin.put("/js/app.js", "application/javascript", "console.log('" + version + "');\n");
        origin.put("/img/logo.png", "image/png", binary(version, 3000));
        origin.put("/img/bg.png", "image/png", binary(version + "-bg", 5000));
        StringBuilder list = new StringBuilder("<ul>");
        for (int i = 0; i < items; i++) {
            list.append("<li><a href=\"").append(i).append(".html\">item ").append(i).append("</a></li>");
            origin.put(item(i), "text/html; charset=utf-8", page(version, "Item " + i, "<a href=\"./\">All items</a>"));
        }
        origin.put("/items/", "text/html; charset=utf-8", page(version, "Items", list.append("</ul>").toString()));
    }

    /** A page in the site's template, with the stylesheet and script every page links. */
    public static String page(String version, String title, String body) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + title + "</title>"
                + "<link rel=\"stylesheet\" href=\"/css/site.css\"><script src=\"/js/app.js\"></script></head>"
                + "<body><h1>" + title + "</h1>" + body + "<footer>" + version + "</footer></body></html>";
    }

    /** Deterministic pseudo-random bytes, a few KiB, so a reset or short body cuts a real body. */
    static byte[] binary(String seed, int size) {
        byte[] b = new byte[size];
        long x = seed.hashCode() * 2654435761L + size;
        for (int i = 0; i < size; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            b[i] = (byte) x;
        }
        byte[] label = seed.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(label, 0, b, 0, Math.min(label.length, size));
        return b;
    }
}
