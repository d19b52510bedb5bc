package dev.secondaryorigin.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A writer for {@link LocalStoreCrashTest}, run as its own JVM and killed with SIGKILL: 16 threads put, copy and move
 * (through a staging folder, as a publish does) the keys of a target without end, every object's bytes naming the
 * version its headers and user metadata name.
 */
public final class LocalStoreWriterMain {
    static final int KEYS = 240;
    static final int THREADS = 16;

    private LocalStoreWriterMain() {
    }

    static String key(int k) {
        return "d" + (k % 4) + "/k" + k + ".html";
    }

    static byte[] body(long v) {
        return ("version " + v + "\n" + "x".repeat((int) (v % 500))).getBytes(StandardCharsets.UTF_8);
    }

    static ObjectMeta meta(long v) {
        return ObjectMeta.builder().contentType("text/v" + v).cacheControl("max-age=" + v)
                .userMeta("v", Long.toString(v)).build();
    }

    public static void main(String[] args) throws Exception {
        LocalStore store = new LocalStore(Paths.get(args[0]));
        AtomicLong versions = new AtomicLong(Long.parseLong(args[1]));
        Thread[] threads = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            long seed = t;
            threads[t] = new Thread(() -> {
                Random rnd = new Random(seed);
                try {
                    while (true) {
                        int k = rnd.nextInt(KEYS);
                        long v = versions.incrementAndGet();
                        switch (rnd.nextInt(3)) {
                            case 0:
                                store.put(key(k), Payload.ofBytes(body(v)), meta(v));
                                break;
                            case 1:
                                store.copy(key(rnd.nextInt(KEYS)), key(k));
                                break;
                            default:
                                String staged = ObjectStore.STATE_PREFIX + "t/staging/" + Thread.currentThread()
                                        .getName() + "/" + key(k);
                                store.put(staged, Payload.ofBytes(body(v)), meta(v));
                                store.move(staged, key(k));
                        }
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                    System.exit(3);
                }
            }, "w" + t);
            threads[t].start();
        }
        System.out.println("writing");
        System.out.flush();
        for (Thread t : threads) {
            t.join();
        }
    }
}
