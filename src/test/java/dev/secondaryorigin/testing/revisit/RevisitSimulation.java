package dev.secondaryorigin.testing.revisit;

import dev.secondaryorigin.state.Manifest;
import dev.secondaryorigin.state.ManifestEntry;
import dev.secondaryorigin.state.StateRepository;
import dev.secondaryorigin.store.LocalStore;
import dev.secondaryorigin.sync.Deadline;
import dev.secondaryorigin.sync.PassListener;
import dev.secondaryorigin.sync.PassReport;
import dev.secondaryorigin.sync.SyncPass;
import dev.secondaryorigin.task.TaskConfig;
import dev.secondaryorigin.testing.Nginx;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The revisit simulation (issue 14): a {@link ChangingSite} served by a real nginx on loopback, hourly passes over
 * simulated days with an injected clock, into two local backups in the same run: the revisit policy (defaults,
 * --min-revisit 1h --max-revisit 24h) and revalidating every URL every pass (--max-revisit 0, which sends the
 * same requests as --full, conditionally). Per day: origin requests (nginx access-log lines), staleness of each
 * change (from its moment to the pass that put it in the backup), CPU-seconds and wall time of the passes.
 *
 * <p>Usage: {@code RevisitSimulation [--urls N] [--days D] [--concurrency C] [--work DIR]}. Day 0 is the first
 * pass into empty backups (not counted); days 1..D are 24 hourly passes each.
 */
public final class RevisitSimulation {
    private static final String DOMAIN = "sim.example.test";
    private static final long HOUR = 3_600_000L;
    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    /** A clock the driver moves: the engine's "now" at each pass. */
    static final class SimClock extends Clock {
        volatile long millis;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    /** One backup kept by one policy, and its figures per day. */
    static final class Variant {
        final String name;
        final String[] flags;
        final Path backup;
        final List<ChangingSite.Change> outstanding = new ArrayList<>();
        final Map<Integer, long[]> requestsCpuWall = new LinkedHashMap<>();
        final Map<Integer, List<Long>> delays = new LinkedHashMap<>();
        final Map<Integer, long[]> revalidatedNotDue = new LinkedHashMap<>();
        long maxOldestCheckAge;
        long firstPassRequests;
        long firstPassCpuMs;
        long firstPassWallMs;

        Variant(String name, Path backup, String... flags) {
            this.name = name;
            this.backup = backup;
            this.flags = flags;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int urls = Integer.parseInt(a.getOrDefault("urls", "100000"));
        int days = Integer.parseInt(a.getOrDefault("days", "1"));
        String concurrency = a.getOrDefault("concurrency", "8");
        Path work = a.containsKey("work") ? Paths.get(a.get("work")) : Files.createTempDirectory("revisit-sim");
        Path site = work.resolve("site");
        ChangingSite s = new ChangingSite(site, urls, 14);
        long t = System.nanoTime();
        s.writeAll(T0 - 30L * 24 * HOUR);
        System.out.printf(Locale.ROOT, "site: %d URLs (%d changes/hour: %d hot URLs every hour, the rest Zipf over %d "
                        + "warm URLs; the others never change), written in %.1f s%n", s.size(), s.changesPerHour(),
                s.hotUrls(), s.warmUrls(), (System.nanoTime() - t) / 1e9);
        List<Variant> variants = Arrays.asList(
                new Variant("revisit policy (1h..24h)", work.resolve("backup-policy")),
                new Variant("every URL every pass", work.resolve("backup-all"), "--max-revisit", "0"));
        SimClock clock = new SimClock();
        try (Nginx nginx = Nginx.serveStatic(site, DOMAIN)) {
            for (int hour = 0; hour <= days * 24; hour++) {
                long now = T0 + hour * HOUR;
                if (hour > 0) {
                    List<ChangingSite.Change> changes = s.changeHour(now - HOUR);
                    for (Variant v : variants) {
                        v.outstanding.addAll(changes);
                    }
                }
                clock.millis = now;
                for (Variant v : variants) {
                    pass(v, nginx, clock, concurrency, hour);
                }
            }
        }
        print(variants, days, urls);
    }

    private static void pass(Variant v, Nginx nginx, SimClock clock, String concurrency, int hour) throws IOException {
        Files.createDirectories(v.backup);
        List<String> flags = new ArrayList<>(Arrays.asList("--origin", nginx.url(), "--domain", DOMAIN, "--target",
                v.backup.toString(), "--concurrency", concurrency, "--max-objects", "10000000"));
        flags.addAll(Arrays.asList(v.flags));
        Map<String, List<String>> raw = new LinkedHashMap<>();
        for (int i = 0; i < flags.size(); i += 2) {
            raw.put(flags.get(i).substring(2), Collections.singletonList(flags.get(i + 1)));
        }
        TaskConfig config = TaskConfig.parse(raw);
        long requestsBefore = nginx.accessLogLines();
        long cpuBefore = cpuMillis();
        long wallBefore = System.nanoTime();
        PassReport r;
        try (LocalStore store = new LocalStore(v.backup)) {
            r = new SyncPass(config, store, PassListener.NONE, v.backup.resolveSibling("tmp-" + v.backup.getFileName()))
                    .clock(clock).run(Deadline.none());
        }
        long cpu = cpuMillis() - cpuBefore;
        long wall = (System.nanoTime() - wallBefore) / 1_000_000;
        long requests = nginx.accessLogLines() - requestsBefore;
        if (!r.complete()) {
            throw new IllegalStateException(v.name + " hour " + hour + ": pass not complete: " + r.toJson());
        }
        int day = hour == 0 ? 0 : (hour - 1) / 24 + 1;
        if (hour == 0) {
            v.firstPassRequests = requests;
            v.firstPassCpuMs = cpu;
            v.firstPassWallMs = wall;
        } else {
            long[] f = v.requestsCpuWall.computeIfAbsent(day, d -> new long[3]);
            f[0] += requests;
            f[1] += cpu;
            f[2] += wall;
            long[] rn = v.revalidatedNotDue.computeIfAbsent(day, d -> new long[2]);
            rn[0] += r.number("revalidated");
            rn[1] += r.number("notDue");
        }
        v.maxOldestCheckAge = Math.max(v.maxOldestCheckAge, r.number("oldestCheckAgeSeconds"));
        resolve(v, clock.millis, day);
        System.out.printf(Locale.ROOT, "[sim] hour %2d %-26s requests %7d revalidated %7d notDue %7d cpu %6.1f s "
                        + "wall %6.1f s outstanding changes %d%n", hour, v.name, requests, r.number("revalidated"),
                r.number("notDue"), cpu / 1000.0, wall / 1000.0, v.outstanding.size());
    }

    /** Changes the backup now has (its Last-Modified is at least the change's moment) get their delay. */
    private static void resolve(Variant v, long passTime, int day) throws IOException {
        Manifest m;
        try (LocalStore store = new LocalStore(v.backup)) {
            m = new StateRepository(store, DOMAIN).loadManifest();
        }
        for (Iterator<ChangingSite.Change> it = v.outstanding.iterator(); it.hasNext(); ) {
            ChangingSite.Change c = it.next();
            ManifestEntry e = m.get(c.path);
            if (e != null && e.lastModified() != null && httpDate(e.lastModified()) >= c.atMillis) {
                v.delays.computeIfAbsent(day, d -> new ArrayList<>()).add(passTime - c.atMillis);
                it.remove();
            }
        }
    }

    private static long httpDate(String s) {
        return ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
    }

    private static long cpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
    }

    private static void print(List<Variant> variants, int days, int urls) {
        System.out.println();
        System.out.println("== revisit simulation: " + urls + " URLs, hourly passes, " + days + " simulated day(s) "
                + "after the first pass; nginx on loopback; the two backups pass in turn each hour (same run)");
        System.out.printf(Locale.ROOT, "%-26s %4s %12s %12s %12s %14s %14s %9s %10s %10s%n", "variant", "day",
                "requests", "revalidated", "notDue", "staleness mean", "staleness max", "pending", "CPU-s", "wall-s");
        for (int day = 1; day <= days; day++) {
            for (Variant v : variants) {
                long[] f = v.requestsCpuWall.get(day);
                long[] rn = v.revalidatedNotDue.get(day);
                List<Long> d = v.delays.getOrDefault(day, Collections.emptyList());
                double mean = d.stream().mapToLong(Long::longValue).average().orElse(0) / HOUR;
                double max = d.stream().mapToLong(Long::longValue).max().orElse(0) / (double) HOUR;
                System.out.printf(Locale.ROOT, "%-26s %4d %12d %12d %12d %12.2f h %12.2f h %9s %10.1f %10.1f%n", v.name,
                        day, f[0], rn[0], rn[1], mean, max, day == days ? Integer.toString(v.outstanding.size()) : "",
                        f[1] / 1000.0, f[2] / 1000.0);
            }
        }
        Variant p = variants.get(0);
        Variant all = variants.get(1);
        long pr = 0, ar = 0;
        long maxDelay = 0;
        for (int day = 1; day <= days; day++) {
            pr += p.requestsCpuWall.get(day)[0];
            ar += all.requestsCpuWall.get(day)[0];
            for (long d : p.delays.getOrDefault(day, Collections.emptyList())) {
                maxDelay = Math.max(maxDelay, d);
            }
        }
        long oldestPending = 0;
        long end = T0 + days * 24 * HOUR;
        for (ChangingSite.Change c : p.outstanding) {
            oldestPending = Math.max(oldestPending, end - c.atMillis);
        }
        System.out.printf(Locale.ROOT, "first pass (not counted): %s %d requests %.1f CPU-s %.1f s wall; %s %d requests "
                        + "%.1f CPU-s %.1f s wall%n", p.name, p.firstPassRequests, p.firstPassCpuMs / 1000.0,
                p.firstPassWallMs / 1000.0, all.name, all.firstPassRequests, all.firstPassCpuMs / 1000.0,
                all.firstPassWallMs / 1000.0);
        double share = 100.0 * pr / Math.max(1, ar);
        System.out.printf(Locale.ROOT, "origin requests: %d vs %d = %.1f %% (target <= 25 %%): %s%n", pr, ar, share,
                share <= 25 ? "PASS" : "FAIL");
        boolean within = maxDelay <= 24 * HOUR && oldestPending <= 24 * HOUR;
        System.out.printf(Locale.ROOT, "every change within --max-revisit (24 h): longest delay %.2f h, oldest change "
                        + "still pending %.2f h: %s%n", maxDelay / (double) HOUR, oldestPending / (double) HOUR,
                within ? "PASS" : "FAIL");
        for (Variant v : variants) {
            long n = 0, sum = 0;
            for (List<Long> d : v.delays.values()) {
                for (long x : d) {
                    n++;
                    sum += x;
                }
            }
            for (ChangingSite.Change c : v.outstanding) {
                n++;
                sum += end - c.atMillis;
            }
            System.out.printf(Locale.ROOT, "%s: mean staleness over all %d changes, those still pending counted at "
                    + "their age so far (a lower bound): %.2f h%n", v.name, n, sum / (double) Math.max(1, n) / HOUR);
        }
        System.out.printf(Locale.ROOT, "oldest check in the backup (oldestCheckAgeSeconds, max over the passes): "
                + "policy %.2f h, every pass %.2f h%n", p.maxOldestCheckAge / 3600.0, all.maxOldestCheckAge / 3600.0);
    }
}
