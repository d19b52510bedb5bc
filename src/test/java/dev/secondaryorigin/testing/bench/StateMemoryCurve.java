package dev.secondaryorigin.testing.bench;

import dev.secondaryorigin.crawl.Frontier;
import dev.secondaryorigin.crawl.ItemKind;
import dev.secondaryorigin.state.Manifest;
import dev.secondaryorigin.state.ManifestEntry;

import java.lang.management.ManagementFactory;

/**
 * The heap a pass's state takes at N URLs without running a pass: a manifest and a frontier filled with the entries a
 * pass over a {@link GeneratedSite} of N objects leaves (every URL done and stored), then a full GC. For the curve of
 * memory per URL at sizes a 2-CPU host cannot crawl in an afternoon. {@code java -Xmx4g -cp
 * target/classes:target/test-classes:<gson> dev.secondaryorigin.testing.bench.StateMemoryCurve 1000000 2000000 ...}
 */
public final class StateMemoryCurve {
    private StateMemoryCurve() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("urls       manifest B/U  frontier B/U  live heap after GC MiB  live B/U  fill s");
        for (String a : args) {
            long n = Long.parseLong(a);
            GeneratedSite site = new GeneratedSite(n, 10, 0, 0);
            long t0 = System.nanoTime();
            Manifest m = new Manifest();
            Frontier f = new Frontier(1000, Integer.MAX_VALUE);
            for (long id = 0; id < n; id++) {
                String path = site.pathOf(id);
                GeneratedSite.Resource r = site.resource(path);
                int depth = (int) (Math.log(id * 9 + 1) / Math.log(10));
                f.admit(path, depth, ItemKind.PAGE);
                f.finished(f.take(0));
                m.put(ManifestEntry.builder(path).etag(r.etag).lastModified(r.lastModified)
                        .md5(String.format("%032x", id * 0x9E3779B97F4A7C15L)).size(r.body.length)
                        .contentType(r.contentType).headersHash((int) (id * 31)).lastSeen(1_764_600_000_000L + id)
                        .status(200).depth(depth).stored(true).build());
            }
            double fill = (System.nanoTime() - t0) / 1e9;
            System.gc();
            long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            System.out.printf("%-10d %13d %13d %23d %9d %7.1f%n", n, m.heapBytes() / n, f.heapBytes() / n, live >> 20,
                    live / n, fill);
            if (Boolean.getBoolean("hold")) {
                // Time for a heap histogram (jcmd PID GC.class_histogram) with the state still reachable.
                Thread.sleep(20_000);
            }
            java.lang.ref.Reference.reachabilityFence(m);
            java.lang.ref.Reference.reachabilityFence(f);
        }
    }
}
