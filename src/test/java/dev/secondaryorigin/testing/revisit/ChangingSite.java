package dev.secondaryorigin.testing.revisit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A generated static site of about {@code urls} URLs on disk (for nginx), whose pages and images change with a
 * skewed distribution: a hot set changes every hour, the rest of the hour's changes are drawn from a Zipf
 * distribution over a warm set, and most URLs never change. Every file's mtime is the (simulated) time of its
 * last change, so nginx's ETag and Last-Modified name the version.
 *
 * <p>Layout: {@code /} links to sections {@code /sK/}; each section links to its pages {@code /sK/pJ.html};
 * each page loads an image {@code /sK/i/pJ.png} and a fingerprinted script {@code /sK/a/pJ.a1xxxxxx.js}.
 */
public final class ChangingSite {
    private final Path root;
    private final int sections;
    private final int pages;
    /** URLs that may change (pages and images), in a seeded random order: hot first, then warm by Zipf rank. */
    private final List<String> changeable = new ArrayList<>();
    private final int hot;
    private final int warm;
    private final int changesPerHour;
    private final double[] zipfCdf;
    private final Random random;
    private final Map<String, Integer> versions = new LinkedHashMap<>();

    /** One change of one URL at a (simulated) time. */
    public static final class Change {
        public final String path;
        public final long atMillis;

        Change(String path, long atMillis) {
            this.path = path;
            this.atMillis = atMillis;
        }
    }

    public ChangingSite(Path root, int urls, long seed) {
        this.root = root;
        this.sections = Math.max(1, urls / 1000);
        this.pages = Math.max(1, (urls - 1 - sections) / 3);
        this.random = new Random(seed);
        for (int j = 0; j < pages; j++) {
            changeable.add(pagePath(j));
            changeable.add(imagePath(j));
        }
        Collections.shuffle(changeable, random);
        this.changesPerHour = Math.max(2, size() / 100);
        this.hot = changesPerHour / 2;
        this.warm = Math.min(changeable.size() - hot, size() / 10);
        zipfCdf = new double[warm];
        double sum = 0;
        for (int r = 0; r < warm; r++) {
            sum += 1.0 / (r + 1);
            zipfCdf[r] = sum;
        }
        for (int r = 0; r < warm; r++) {
            zipfCdf[r] /= sum;
        }
    }

    /** How many URLs the site has. */
    public int size() {
        return 1 + sections + 3 * pages;
    }

    public int changesPerHour() {
        return changesPerHour;
    }

    public int hotUrls() {
        return hot;
    }

    public int warmUrls() {
        return warm;
    }

    /** Writes every file, all last changed at {@code atMillis}. */
    public void writeAll(long atMillis) throws IOException {
        StringBuilder home = new StringBuilder("<!doctype html><html><body><h1>Home</h1>\n");
        for (int k = 0; k < sections; k++) {
            home.append("<a href=\"/s").append(k).append("/\">section ").append(k).append("</a>\n");
        }
        write("/index.html", home.append("</body></html>\n").toString(), atMillis);
        List<StringBuilder> sectionPages = new ArrayList<>();
        for (int k = 0; k < sections; k++) {
            sectionPages.add(new StringBuilder("<!doctype html><html><body><h1>Section " + k + "</h1>\n"));
        }
        for (int j = 0; j < pages; j++) {
            sectionPages.get(j % sections).append("<a href=\"").append(pagePath(j)).append("\">page ").append(j)
                    .append("</a>\n");
            write(pagePath(j), page(j, 0), atMillis);
            write(imagePath(j), image(j, 0), atMillis);
            write(scriptPath(j), "console.log(" + j + ");\n", atMillis);
        }
        for (int k = 0; k < sections; k++) {
            write("/s" + k + "/index.html", sectionPages.get(k).append("</body></html>\n").toString(), atMillis);
        }
    }

    /**
     * The changes of the hour starting at {@code hourStart}: every hot URL once, and as many distinct warm URLs
     * (by Zipf rank) again, each at a random moment of the hour; the files are rewritten.
     */
    public List<Change> changeHour(long hourStart) throws IOException {
        Map<String, Long> chosen = new LinkedHashMap<>();
        for (int i = 0; i < hot; i++) {
            chosen.put(changeable.get(i), hourStart + (long) (random.nextDouble() * 3_600_000));
        }
        int guard = 0;
        while (chosen.size() < changesPerHour && guard++ < changesPerHour * 100) {
            int r = rank(random.nextDouble());
            chosen.putIfAbsent(changeable.get(hot + r), hourStart + (long) (random.nextDouble() * 3_600_000));
        }
        List<Change> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : chosen.entrySet()) {
            // Whole seconds: what Last-Modified can say.
            long at = e.getValue() / 1000 * 1000;
            int v = versions.merge(e.getKey(), 1, Integer::sum);
            int j = Integer.parseInt(e.getKey().replaceAll("^.*/p(\\d+)\\..*$", "$1"));
            write(e.getKey(), e.getKey().endsWith(".html") ? page(j, v) : image(j, v), at);
            out.add(new Change(e.getKey(), at));
        }
        return out;
    }

    private int rank(double u) {
        int lo = 0, hi = warm - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (zipfCdf[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private String pagePath(int j) {
        return "/s" + (j % sections) + "/p" + j + ".html";
    }

    private String imagePath(int j) {
        return "/s" + (j % sections) + "/i/p" + j + ".png";
    }

    private String scriptPath(int j) {
        return "/s" + (j % sections) + "/a/p" + j + ".a1" + String.format("%06x", (j * 2654435761L) & 0xffffff) + ".js";
    }

    private String page(int j, int version) {
        return "<!doctype html><html><head><title>Page " + j + "</title><script src=\"" + scriptPath(j)
                + "\"></script></head><body><h1>Page " + j + "</h1><p>version " + version + "</p><img src=\""
                + imagePath(j) + "\"></body></html>\n";
    }

    private static String image(int j, int version) {
        return "PNG-ish bytes of image " + j + " version " + version + "\n";
    }

    private void write(String path, String body, long atMillis) throws IOException {
        Path f = root.resolve(path.substring(1));
        Files.createDirectories(f.getParent());
        Files.write(f, body.getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(f, FileTime.fromMillis(atMillis));
    }
}
