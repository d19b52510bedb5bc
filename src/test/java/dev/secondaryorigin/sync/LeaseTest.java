package dev.secondaryorigin.sync;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.cli.Main;
import dev.secondaryorigin.testing.origin.FaultyOrigin;
import dev.secondaryorigin.testing.origin.SampleSite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** One pass per task at a time: a second pass started while one runs is turned away, naming the holder. */
class LeaseTest {
    @TempDir
    Path work;

    FaultyOrigin origin;
    PassFixture fx;
    ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void start() throws IOException {
        origin = FaultyOrigin.start();
        new SampleSite(40).publish(origin, "v1");
        // Slow enough that a pass takes about a second.
        origin.delay(40);
        fx = new PassFixture(origin, work);
    }

    @AfterEach
    void stop() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        origin.close();
    }

    @Test
    void twoPassesStartedTogetherExactlyOneRuns() throws Exception {
        CyclicBarrier together = new CyclicBarrier(2);
        Callable<PassReport> pass = () -> {
            together.await();
            return fx.engine("--concurrency", "2");
        };
        Future<PassReport> a = threads.submit(pass);
        Future<PassReport> b = threads.submit(pass);
        List<PassReport> reports = new ArrayList<>();
        reports.add(a.get(60, TimeUnit.SECONDS));
        reports.add(b.get(60, TimeUnit.SECONDS));

        PassReport ran = reports.get(0).result() == PassReport.Result.COMPLETE ? reports.get(0) : reports.get(1);
        PassReport held = ran == reports.get(0) ? reports.get(1) : reports.get(0);
        assertEquals(PassReport.Result.COMPLETE, ran.result(), ran.toJson().toString());
        assertEquals(PassReport.Result.LEASE_HELD, held.result(), held.toJson().toString());
        assertEquals(4, dev.secondaryorigin.app.ExitCodes.of(held));
        JsonObject h = held.toJson();
        assertFalse(h.get("complete").getAsBoolean());
        assertTrue(h.getAsJsonObject("leaseHolder").get("holder").getAsString().startsWith("pass-"), h.toString());
        assertTrue(h.get("message").getAsString().contains(h.getAsJsonObject("leaseHolder").get("holder").getAsString()));
        assertFalse(Files.exists(fx.leaseFile()), "the lease is released when the running pass ends");
    }

    @Test
    void theCliExitsFourNamingTheHolderWhileAPassRuns() throws Exception {
        Future<PassReport> running = threads.submit(() -> fx.engine("--concurrency", "1"));
        long giveUp = System.currentTimeMillis() + 20_000;
        while (!Files.exists(fx.leaseFile())) {
            if (running.isDone() || System.currentTimeMillis() > giveUp) {
                fail("the first pass never held the lease");
            }
            Thread.sleep(5);
        }
        JsonObject lease = JsonParser.parseString(new String(Files.readAllBytes(fx.leaseFile()),
                StandardCharsets.UTF_8)).getAsJsonObject();
        String holder = lease.get("holder").getAsString();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        Path report = work.resolve("held.json");
        int code;
        System.setOut(new PrintStream(out, true, "UTF-8"));
        try {
            List<String> args = new ArrayList<>();
            args.add("sync");
            args.addAll(fx.flags("--report-json", report.toString()));
            code = Main.execute(args.toArray(new String[0]));
        } finally {
            System.setOut(saved);
        }
        String printed = new String(out.toByteArray(), StandardCharsets.UTF_8);

        assertFalse(running.isDone(), "the first pass was still running during the check");
        assertEquals(4, code, printed);
        assertTrue(printed.contains("LEASE-HELD") && printed.contains(holder), printed);
        JsonObject r = JsonParser.parseString(new String(Files.readAllBytes(report), StandardCharsets.UTF_8))
                .getAsJsonObject();
        assertEquals("lease-held", r.get("result").getAsString());
        assertEquals(holder, r.getAsJsonObject("leaseHolder").get("holder").getAsString());

        PassReport first = running.get(60, TimeUnit.SECONDS);
        assertEquals(PassReport.Result.COMPLETE, first.result(), first.toJson().toString());
        assertEquals(0, fx.cli().exitCode, "the task is free again once the pass ends");
    }
}
