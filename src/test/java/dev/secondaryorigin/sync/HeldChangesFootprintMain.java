package dev.secondaryorigin.sync;

import com.google.gson.JsonObject;
import dev.secondaryorigin.state.Checkpoint;
import dev.secondaryorigin.state.PassHistory;
import dev.secondaryorigin.state.StateRepository;
import dev.secondaryorigin.store.LocalStore;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;

/**
 * Heap and time of a staged pass's held changes at scale, for the figures in docs/architecture.md (not a test):
 * the heap they hold, the live heap while a checkpoint streams them (measured once, halfway, after a GC), and the
 * time to save and load a pass record of them.
 * <pre>java -Xmx2g -cp target/test-classes:target/classes:$(cat cp.txt) dev.secondaryorigin.sync.HeldChangesFootprintMain 1000000 [heap]</pre>
 */
public final class HeldChangesFootprintMain {
    private HeldChangesFootprintMain() {
    }

    private static final java.lang.management.ThreadMXBean CPU =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        boolean heap = args.length > 1 && args[1].equals("heap");
        long base = usedAfterGc();
        HeldChanges held = new HeldChanges();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String key = "docs/section-" + (i / 1000) + "/page-" + i + ".html";
            held.add(new HeldChanges.Change(key, i % 3 == 0 ? HeldChanges.Op.ADD : HeldChanges.Op.REPLACE, "/" + key));
        }
        long filledIn = System.nanoTime() - t0;
        long filled = usedAfterGc();
        System.out.printf("held %d changes in %d ms: %.1f MB retained (%.0f B/change)%n", n, filledIn / 1_000_000,
                (filled - base) / 1e6, (filled - base) / (double) n);

        JsonObject heldJson = new JsonObject();
        heldJson.addProperty("staging", true);
        heldJson.add("gate", new JsonObject());
        Checkpoint c = new Checkpoint("p", 0, 1, new JsonObject(), Collections.<String>emptyList(),
                Collections.<Checkpoint.Pending>emptyList(), heldJson, held);
        long[] written = {0};
        long cpu0 = CPU.getCurrentThreadCpuTime();
        long[] midSave = {0};
        t0 = System.nanoTime();
        c.writeGzip(new OutputStream() {
            @Override
            public void write(int b) {
                written[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (heap && written[0] < 2_000_000 && written[0] + len >= 2_000_000) {
                    midSave[0] = usedAfterGc();
                }
                written[0] += len;
            }
        });
        long saved = System.nanoTime() - t0;
        long savedCpu = CPU.getCurrentThreadCpuTime() - cpu0;
        System.out.printf("checkpoint save: %d ms (%d ms CPU of the saving thread)%s, %.1f MB gzip'd%s%n",
                saved / 1_000_000, savedCpu / 1_000_000,
                heap ? " (with 3 GCs)" : "", written[0] / 1e6,
                heap ? String.format(", live heap mid-save %.1f MB above the held changes", (midSave[0] - filled) / 1e6)
                        : "");

        Path dir = Files.createTempDirectory("held-footprint");
        try (LocalStore store = new LocalStore(dir)) {
            PassHistory history = new PassHistory(new StateRepository(store, "t"));
            t0 = System.nanoTime();
            cpu0 = CPU.getCurrentThreadCpuTime();
            history.saveChanges("p1", held);
            System.out.printf("pass record save: %d ms (%d ms CPU)%n", (System.nanoTime() - t0) / 1_000_000,
                    (CPU.getCurrentThreadCpuTime() - cpu0) / 1_000_000);
            held = null;
            c = null;
            long before = usedAfterGc();
            t0 = System.nanoTime();
            HeldChanges back = new HeldChanges();
            history.readChanges("p1", back::addRow);
            long loaded = System.nanoTime() - t0;
            System.out.printf("pass record load: %d ms, %d changes, %.1f MB retained%n", loaded / 1_000_000,
                    back.size(), (usedAfterGc() - before) / 1e6);
        } finally {
            dev.secondaryorigin.testing.SiteFiles.deleteTree(dir);
        }
    }
}
