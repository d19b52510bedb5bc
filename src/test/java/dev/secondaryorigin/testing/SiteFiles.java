package dev.secondaryorigin.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Helpers for test sites on disk: relative file lists, comparisons, deterministic content. */
public final class SiteFiles {
    private SiteFiles() {
    }

    /** Every regular file under {@code root}, as '/'-separated relative paths, sorted. */
    public static List<String> list(Path root, boolean includeState) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(k -> includeState || !k.startsWith(".secondary-origin/")).sorted()
                    .collect(Collectors.toList());
        }
    }

    public static byte[] randomBytes(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    public static void write(Path root, String rel, byte[] bytes) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
    }

    public static void write(Path root, String rel, String text) throws IOException {
        write(root, rel, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Rewrites a file and moves its mtime forward, so the origin's validators change for sure. */
    public static void change(Path file, String appended) throws IOException {
        byte[] old = Files.readAllBytes(file);
        byte[] add = appended.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] all = new byte[old.length + add.length];
        System.arraycopy(old, 0, all, 0, old.length);
        System.arraycopy(add, 0, all, old.length, add.length);
        Files.write(file, all);
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5000));
    }

    public static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

    public static List<String> differing(Path a, Path b, List<String> rels) throws IOException {
        List<String> out = new ArrayList<>();
        for (String r : rels) {
            Path pa = a.resolve(r);
            Path pb = b.resolve(r);
            if (!Files.isRegularFile(pb) || !java.util.Arrays.equals(Files.readAllBytes(pa), Files.readAllBytes(pb))) {
                out.add(r);
            }
        }
        return out;
    }
}
