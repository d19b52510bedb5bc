package dev.secondaryorigin.fc;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secondaryorigin.fcapi.Backoff;
import dev.secondaryorigin.credentials.CloudCredentials;
import dev.secondaryorigin.fcapi.FcEndpoint;
import dev.secondaryorigin.fcapi.FunctionInvoker;
import dev.secondaryorigin.fcapi.FunctionTarget;
import dev.secondaryorigin.tasks.DispatchReport;
import dev.secondaryorigin.tasks.Dispatcher;
import dev.secondaryorigin.tasks.Firing;
import dev.secondaryorigin.tasks.MemoryStore;
import dev.secondaryorigin.tasks.MutableClock;
import dev.secondaryorigin.tasks.RunOutcome;
import dev.secondaryorigin.tasks.Schedule;
import dev.secondaryorigin.tasks.TaskDefinition;
import dev.secondaryorigin.tasks.TaskExecution;
import dev.secondaryorigin.tasks.TaskLauncher;
import dev.secondaryorigin.tasks.TaskName;
import dev.secondaryorigin.tasks.TaskRegistry;
import dev.secondaryorigin.tasks.TaskService;
import dev.secondaryorigin.testing.fcapi.FcApiEmulator;
import dev.secondaryorigin.testing.fcapi.RecordedInvocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A simulated week of the dispatcher on Function Compute: 50 tasks of mixed schedules (intervals, specific times
 * in three time zones, Berlin's change from summer time among them, weekdays, days of the month, raw cron), one
 * dispatch a minute on an injected clock, launches through the real FC 3.0 SDK into the FC OpenAPI emulator (which
 * checks the ACS3-HMAC-SHA256 signature and the async header, and redelivers some invocations), runs that take
 * minutes, a dispatcher killed mid-run three times and a cap of parallel tasks. Each firing runs exactly once, in
 * its own minute whenever a slot was free, never twice, and never more than the cap at once. The registry is held
 * in memory ({@link MemoryStore}): a week is some 100 000 registry writes; the dispatch against the OSS emulator is
 * timed by {@code DispatchScaleTest}.
 */
class SimulatedWeekTest {
    private static final String KEY_ID = "LTAIweekTestKey";
    private static final String SECRET = "week-test-secret-not-a-real-one";
    private static final int CAP = 10;
    private static final Instant START = Instant.parse("2026-10-22T00:00:00Z");
    private static final Instant END = START.plus(Duration.ofDays(7));

    @TempDir
    Path dir;

    /** The launcher of a dispatcher that is killed: before its n-th launch, or right after it (before recording). */
    static final class Killable implements TaskLauncher {
        final TaskLauncher real;
        int killBefore = -1;
        int killAfter = -1;
        int calls;

        Killable(TaskLauncher real) {
            this.real = real;
        }

        @Override
        public String launch(TaskName task, Firing firing) throws LaunchException {
            calls++;
            if (calls == killBefore) {
                killBefore = -1;
                throw new IllegalStateException("killed before launching " + task);
            }
            String id = real.launch(task, firing);
            if (calls == killAfter) {
                killAfter = -1;
                throw new IllegalStateException("killed after launching " + task);
            }
            return id;
        }
    }

    private static List<String[]> schedules() {
        List<String[]> s = new ArrayList<>();
        String[] intervals = {"5m", "10m", "15m", "20m", "30m", "30m", "45m", "1h", "1h", "90m", "2h", "3h", "6h", "12h",
                "1d"};
        for (String every : intervals) {
            s.add(new String[] {"every", every});
        }
        String[] zones = {"Asia/Shanghai", "Europe/Berlin", "America/New_York"};
        String[] times = {"09:00", "02:30", "23:45", "00:00", "12:10", "06:30", "17:05"};
        for (int i = 0; i < 21; i++) {
            String zone = zones[i % 3];
            String at = times[i % times.length];
            if (i % 3 == 0) {
                s.add(new String[] {"at", at, "tz", zone});
            } else if (i % 3 == 1) {
                s.add(new String[] {"at", at, "tz", zone, "days", i % 2 == 0 ? "MON,THU" : "SAT,SUN"});
            } else {
                s.add(new String[] {"at", at, "tz", zone, "dates", i % 2 == 0 ? "23,25,27" : "1,15,24,31"});
            }
        }
        String[] crons = {"0 0/20 * * * *", "0 15 */3 * * *", "30 45 7 * * SUN", "CRON_TZ=Asia/Shanghai 0 0 9 ? * MON-FRI",
                "CRON_TZ=Europe/Berlin 0 30 2 * * *", "CRON_TZ=America/New_York 0 0 8,20 * * *", "0 0 0 1 * ?",
                "0 7 1-23/2 * * *", "CRON_TZ=Europe/Berlin 0 0 3 25 10 ?", "0 50 23 * * 0,6", "0 10,40 * * * *",
                "CRON_TZ=Asia/Shanghai 0 30 18 * * *", "0 0 12 ? * TUE", "0 33 3,15 * * *"};
        for (String c : crons) {
            s.add(new String[] {"cron", c});
        }
        return s;
    }

    /** How long a run takes: minutes, a few long ones. */
    private static int duration(String task, Firing f) {
        int h = Math.abs((task + f.id()).hashCode());
        return h % 23 == 0 ? 45 + h % 60 : 1 + h % 4;
    }

    @Test
    void aWeekOfFiftyTasks() throws Exception {
        MutableClock clock = new MutableClock(START); // created as the week begins: firings from then on are owed
        TaskRegistry registry = new TaskRegistry(new MemoryStore());
        TaskService service = new TaskService(registry, clock);
        List<String[]> schedules = schedules();
        assertEquals(50, schedules.size());
        Map<String, Schedule> byName = new LinkedHashMap<>();
        for (int i = 0; i < schedules.size(); i++) {
            String[] sc = schedules.get(i);
            Map<String, List<String>> given = new LinkedHashMap<>();
            for (int k = 0; k < sc.length; k += 2) {
                given.put(sc[k], Collections.singletonList(sc[k + 1]));
            }
            given.put("origin", Collections.singletonList("http://127.0.0.1:1/"));
            given.put("target", Collections.singletonList(dir.resolve("t" + i).toString()));
            TaskDefinition d = service.create(String.format("task-%02d", i), given);
            byName.put(d.name().value(), d.schedule());
        }
        // Every firing of the week, from the schedules (their arithmetic is ScheduleTest's business).
        Map<String, TreeSet<Instant>> expected = new HashMap<>();
        for (Map.Entry<String, Schedule> e : byName.entrySet()) {
            TreeSet<Instant> fs = new TreeSet<>();
            for (Instant t = e.getValue().nextAfter(START.minusSeconds(1)).orElse(END); t.isBefore(END);
                 t = e.getValue().nextAfter(t).orElse(END)) {
                fs.add(t);
            }
            expected.put(e.getKey(), fs);
        }

        long dispatchNanos = 0;
        int dispatches = 0;
        try (FcApiEmulator fc = FcApiEmulator.start(KEY_ID, SECRET).function("dispatcher")) {
            FunctionTarget target = new FunctionTarget(FcEndpoint.parse(fc.url(), "emulator"), "dispatcher", null);
            Killable launcher = new Killable(new FcTaskLauncher(new FunctionInvoker(target,
                    CloudCredentials.of(KEY_ID, SECRET, null), new Backoff(3, 1, 1, ms -> { }))));
            TaskExecution execution = new TaskExecution(registry, clock, "simulated FC instance");

            Map<String, TaskExecution.Started> active = new HashMap<>();
            Map<String, Instant> endsAt = new HashMap<>();
            Map<String, List<Instant[]>> runs = new HashMap<>(); // task -> [firing, started]
            Set<String> busyAt = new HashSet<>(); // "task@minute" where the task was running or waiting
            int duplicatesDropped = 0;
            int redelivered = 0;
            int kills = 0;
            int relaunches409 = 0;
            int waitedRuns = 0;
            int maxConcurrent = 0;
            List<String> violations = new ArrayList<>();

            for (Instant minute = START; minute.isBefore(END); minute = minute.plus(Duration.ofMinutes(1))) {
                clock.set(minute);
                for (String t : new ArrayList<>(active.keySet())) {
                    if (!endsAt.get(t).isAfter(minute)) {
                        execution.finish(active.remove(t), new RunOutcome("complete", 0, null));
                        endsAt.remove(t);
                    }
                }
                long m = Duration.between(START, minute).toMinutes();
                if (m % 1440 == 0) {
                    System.out.println("simulated day " + (m / 1440 + 1) + " begins; " + fc.invocations().size()
                            + " invocations so far");
                }
                if (m % 997 == 500) {
                    fc.redeliverNext(2);
                }
                boolean kill = m == 1800 || m == 5400 || m == 9000;
                if (kill) {
                    // Killed at a minute where several tasks fire at once (the top of an hour).
                    launcher.calls = 0;
                    if (m == 5400) {
                        launcher.killAfter = 1;
                    } else {
                        launcher.killBefore = 2;
                    }
                }
                clock.set(minute.plusSeconds(5));
                List<DispatchReport> reports = new ArrayList<>();
                long t0 = System.nanoTime();
                try {
                    reports.add(new Dispatcher(registry, launcher, clock, CAP, "dispatcher").dispatch());
                } catch (IllegalStateException killed) {
                    kills++;
                    // FC's timer retries the failed dispatch (or the next overlapping one comes): 40 s later.
                    clock.set(minute.plusSeconds(45));
                    reports.add(new Dispatcher(registry, launcher, clock, CAP, "dispatcher").dispatch());
                }
                dispatchNanos += System.nanoTime() - t0;
                dispatches++;
                for (DispatchReport r : reports) {
                    for (DispatchReport.Entry w : r.waiting()) {
                        busyAt.add(w.task() + "@" + minute);
                    }
                    for (String running : r.running()) {
                        busyAt.add(running + "@" + minute);
                    }
                    // Oldest due first: nothing launched is due later than what waits.
                    for (DispatchReport.Entry w : r.waiting()) {
                        for (DispatchReport.Entry l : r.launched()) {
                            if (Firing.parse(l.firing()).at().isAfter(Firing.parse(w.firing()).at())) {
                                violations.add(minute + ": launched " + l.task() + "@" + l.firing() + " before waiting "
                                        + w.task() + "@" + w.firing());
                            }
                        }
                    }
                    assertTrue(r.problems().isEmpty(), r.problems().toString());
                }
                Instant deliveredAt = clock.instant();
                Instant thisMinute = minute;
                int[] counters = new int[2];
                fc.deliverPending((RecordedInvocation inv, int delivery) -> {
                    JsonObject p = JsonParser.parseString(inv.payload()).getAsJsonObject();
                    assertEquals("task-run", p.get("action").getAsString());
                    assertEquals("Async", inv.invocationType());
                    String task = p.get("name").getAsString();
                    Firing firing = Firing.parse(p.get("firing").getAsString());
                    if (delivery > 1) {
                        counters[1]++;
                    }
                    TaskExecution.Result r = execution.begin(TaskName.parse("name", task), firing);
                    if (!r.started().isPresent()) {
                        counters[0]++;
                        return;
                    }
                    active.put(task, r.started().get());
                    endsAt.put(task, thisMinute.plus(Duration.ofMinutes(duration(task, firing))));
                    runs.computeIfAbsent(task, k -> new ArrayList<>()).add(new Instant[] {firing.at(), deliveredAt});
                });
                duplicatesDropped += counters[0];
                redelivered += counters[1];
                maxConcurrent = Math.max(maxConcurrent, active.size());
                if (active.size() > CAP) {
                    violations.add(minute + ": " + active.size() + " running, cap " + CAP);
                }
            }

            // Each task's runs: distinct firings, all expected ones; a firing skipped only while the task was busy
            // (running or waiting), coalesced into its next run; a run late only when it had to wait.
            int totalRuns = 0;
            int coalesced = 0;
            for (Map.Entry<String, TreeSet<Instant>> e : expected.entrySet()) {
                String task = e.getKey();
                List<Instant[]> rs = runs.getOrDefault(task, Collections.emptyList());
                Set<Instant> ran = new HashSet<>();
                for (Instant[] r : rs) {
                    if (!ran.add(r[0])) {
                        violations.add(task + ": firing " + r[0] + " ran twice");
                    }
                    if (!e.getValue().contains(r[0])) {
                        violations.add(task + ": ran for " + r[0] + ", not a firing of its schedule");
                    }
                    Instant firingMinute = r[0].truncatedTo(ChronoUnit.MINUTES);
                    if (!r[1].truncatedTo(ChronoUnit.MINUTES).equals(firingMinute)) {
                        if (!busyAt.contains(task + "@" + firingMinute)) {
                            violations.add(task + ": firing " + r[0] + " started at " + r[1] + " though it did not wait");
                        }
                        waitedRuns++;
                    }
                }
                for (Instant f : e.getValue()) {
                    if (!ran.contains(f)) {
                        Instant fm = f.truncatedTo(ChronoUnit.MINUTES);
                        boolean busy = busyAt.contains(task + "@" + fm);
                        if (!busy) {
                            violations.add(task + ": firing " + f + " never ran though the task was free");
                        }
                        coalesced++;
                    }
                }
                totalRuns += rs.size();
            }
            int expectedTotal = expected.values().stream().mapToInt(Set::size).sum();
            System.out.printf("simulated week: %d tasks, %d firings, %d runs, %d coalesced while busy, %d started late "
                            + "(waited for a slot), max %d running (cap %d), %d invocations sent, %d redeliveries, "
                            + "%d duplicate deliveries dropped, %d dispatchers killed, %d dispatches, %.2f ms per "
                            + "dispatch%n", expected.size(), expectedTotal, totalRuns, coalesced, waitedRuns,
                    maxConcurrent, CAP, fc.invocations().size(), redelivered, duplicatesDropped, kills, dispatches,
                    dispatchNanos / 1e6 / dispatches);
            assertEquals(Collections.emptyList(), violations.subList(0, Math.min(20, violations.size())));
            assertEquals(3, kills);
            assertTrue(redelivered > 0 && duplicatesDropped >= redelivered, "redeliveries were dropped");
            assertTrue(maxConcurrent == CAP, "the cap was reached (and never passed): " + maxConcurrent);
            assertTrue(totalRuns > 5000, "runs: " + totalRuns);
            assertEquals(expectedTotal, totalRuns + coalesced);
        }
    }
}
