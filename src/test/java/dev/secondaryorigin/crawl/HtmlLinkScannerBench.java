package dev.secondaryorigin.crawl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads every page of the PostgreSQL manual for links N times with each HTML reader of {@link LinkExtractor}
 * (jsoup's tree, and the scanner where it is sure) and prints MB/s and ms per page for each, and the ratio,
 * in CPU time of the measuring thread, after every path has run twice as many warm-up rounds.
 * A measurement, not a test: run it as its own JVM ({@code scripts/bench-html-scan.sh}).
 *
 * <p>Arguments: rounds (default 5), then optionally a Content-Type (default {@code text/html; charset=utf-8},
 * as a server sends; {@code text/html} leaves the pages whose charset Utf8Prescan cannot settle to jsoup).
 */
public final class HtmlLinkScannerBench {
    /** Times are the measuring thread's CPU time, so other work on a shared machine does not count. */
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private HtmlLinkScannerBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String contentType = args.length > 1 ? args[1] : "text/html; charset=utf-8";
        List<byte[]> pages = new ArrayList<>();
        long bytes = 0;
        for (Path p : HtmlLinkScannerDifferentialTest.manualPages()) {
            byte[] b = Files.readAllBytes(p);
            pages.add(b);
            bytes += b.length;
        }
        int scanned = 0;
        for (byte[] b : pages) {
            if (LinkExtractor.scan(b, contentType, "http://localhost/docs/page.html", false,
                    ParseBudget.unlimited()) != null) {
                scanned++;
            }
        }
        System.out.printf(Locale.ROOT, "%d pages, %.1f MB, Content-Type '%s'; the scanner reads %d of them itself%n",
                pages.size(), bytes / 1e6, contentType, scanned);
        LinkExtractor.Limits[] limitSets = {LinkExtractor.Limits.DEFAULT, LinkExtractor.Limits.DEFAULT.withScriptLinks(200)};
        // Warm every path up before measuring any.
        for (int w = 0; w < 2; w++) {
            scanOnly(pages, contentType, rounds);
            for (LinkExtractor.Limits limits : limitSets) {
                for (LinkExtractor.HtmlReader reader : LinkExtractor.HtmlReader.values()) {
                    run(pages, contentType, limits, reader, rounds);
                }
            }
        }
        double tokensOnly = scanOnly(pages, contentType, rounds);
        report("the scan alone (no link rules, no URL resolution)", tokensOnly, bytes, pages.size());
        for (LinkExtractor.Limits limits : limitSets) {
            System.out.println(limits.maxScriptLinks() > 0 ? "scripts read (the default of a pass):"
                    : "scripts not read (--no-script-links):");
            double jsoup = run(pages, contentType, limits, LinkExtractor.HtmlReader.JSOUP, rounds);
            double scanner = run(pages, contentType, limits, LinkExtractor.HtmlReader.SCANNER_WHERE_SURE, rounds);
            report("  jsoup tree", jsoup, bytes, pages.size());
            report("  scanner   ", scanner, bytes, pages.size());
            System.out.printf(Locale.ROOT, "  scanner path %.1fx faster than the jsoup path (%d rounds)%n",
                    jsoup / scanner, rounds);
        }
    }

    /** Seconds per round. */
    private static double run(List<byte[]> pages, String contentType, LinkExtractor.Limits limits,
                              LinkExtractor.HtmlReader reader, int rounds) {
        long links = 0;
        long t0 = CPU.getCurrentThreadCpuTime();
        for (int r = 0; r < rounds; r++) {
            for (byte[] b : pages) {
                links += LinkExtractor.extractLinks(b, contentType, "/docs/page.html", "http://localhost/docs/page.html",
                        limits, reader).urls().size();
            }
        }
        double seconds = (CPU.getCurrentThreadCpuTime() - t0) / 1e9 / rounds;
        if (links == 0) {
            throw new IllegalStateException("no links found");
        }
        return seconds;
    }

    /** Seconds per round of {@link HtmlLinkScanner} alone, without the link rules. */
    private static double scanOnly(List<byte[]> pages, String contentType, int rounds) {
        long tags = 0;
        long t0 = CPU.getCurrentThreadCpuTime();
        for (int r = 0; r < rounds; r++) {
            for (byte[] b : pages) {
                HtmlLinkScanner.Result s = LinkExtractor.scan(b, contentType, "http://localhost/docs/page.html", false,
                        ParseBudget.unlimited());
                tags += s == null ? 0 : s.tags.size();
            }
        }
        if (tags == 0) {
            throw new IllegalStateException("nothing scanned");
        }
        return (CPU.getCurrentThreadCpuTime() - t0) / 1e9 / rounds;
    }

    private static void report(String what, double secondsPerRound, long bytes, int pages) {
        System.out.printf(Locale.ROOT, "%s %7.1f MB/s  %.3f ms/page%n", what, bytes / 1e6 / secondsPerRound,
                secondsPerRound * 1000 / pages);
    }
}
