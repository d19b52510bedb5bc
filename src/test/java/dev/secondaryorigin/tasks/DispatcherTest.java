package dev.secondaryorigin.tasks;

import dev.secondaryorigin.store.LocalStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DispatcherTest {
    @TempDir
    Path dir;
    MutableClock clock;
    TaskRegistry registry;
    TaskService service;
    RecordingLauncher launcher;

    @BeforeEach
    void setUp() throws Exception {
        clock = new MutableClock(Instant.parse("2026-12-01T08:00:10Z"));
        registry = new TaskRegistry(new LocalStore(dir.resolve("registry")));
        service = new TaskService(registry, clock);
        launcher = new RecordingLauncher();
    }

    private void create(String name, String... schedule) throws Exception {
        Map<String, List<String>> given = new LinkedHashMap<>();
        for (int i = 0; i < schedule.length; i += 2) {
            given.put(schedule[i], Collections.singletonList(schedule[i + 1]));
        }
        given.put("origin", Collections.singletonList("http://127.0.0.1:9/"));
        given.put("target", Collections.singletonList(dir.resolve("t-" + name).toString()));
        service.create(name, given);
    }

    private DispatchReport dispatchAt(String instant, int cap) throws Exception {
        clock.set(Instant.parse(instant));
        return new Dispatcher(registry, launcher, clock, cap, "test").dispatch();
    }

    private void runToEnd(String name, String firing, int exit) throws Exception {
        TaskExecution ex = new TaskExecution(registry, clock, "test");
        TaskExecution.Result r = ex.begin(TaskName.parse("name", name), Firing.parse(firing));
        ex.finish(r.started().get(), new RunOutcome(exit == 3 ? "incomplete" : "complete", exit, null));
    }

    @Test
    void missedFiringsCoalesceIntoOneRun() throws Exception {
        create("shop", "every", "30m");
        // Nothing dispatched for three hours (the function was down): one run, for the newest firing.
        dispatchAt("2026-12-01T11:05:00Z", 10);
        assertEquals(List.of("shop@20261201T110000Z"), launcher.launched);
        runToEnd("shop", "20261201T110000Z", 0);
        dispatchAt("2026-12-01T11:06:00Z", 10);
        assertEquals(1, launcher.launched.size(), "not due again before 11:30");
        dispatchAt("2026-12-01T11:30:00Z", 10);
        assertEquals(List.of("shop@20261201T110000Z", "shop@20261201T113000Z"), launcher.launched);
    }

    @Test
    void firingsBeforeTheTaskExistedDoNotCount() throws Exception {
        create("late", "every", "30m");
        dispatchAt("2026-12-01T08:01:00Z", 10);
        assertEquals(List.of(), launcher.launched);
        dispatchAt("2026-12-01T08:30:00Z", 10);
        assertEquals(List.of("late@20261201T083000Z"), launcher.launched);
    }

    @Test
    void aRunningTaskIsNotStartedAgainAndARepeatedDispatchLaunchesNothing() throws Exception {
        create("shop", "every", "5m");
        dispatchAt("2026-12-01T08:05:00Z", 10);
        DispatchReport again = dispatchAt("2026-12-01T08:05:40Z", 10);
        assertEquals(List.of("shop"), again.inFlight());
        TaskExecution ex = new TaskExecution(registry, clock, "test");
        TaskExecution.Result began = ex.begin(TaskName.parse("name", "shop"), Firing.parse("20261201T080500Z"));
        DispatchReport running = dispatchAt("2026-12-01T08:10:00Z", 10);
        assertEquals(List.of("shop"), running.running());
        assertEquals(1, launcher.launched.size());
        // A redelivery of the same firing does not run it twice.
        TaskExecution.Result dup = ex.begin(TaskName.parse("name", "shop"), Firing.parse("20261201T080500Z"));
        assertEquals(TaskExecution.Skip.ALREADY_STARTED, dup.skipped());
        ex.finish(began.started().get(), new RunOutcome("complete", 0, null));
        dispatchAt("2026-12-01T08:11:00Z", 10);
        assertEquals(List.of("shop@20261201T080500Z", "shop@20261201T081000Z"), launcher.launched,
                "the firing missed while it ran runs once it ended");
        // A late delivery of the older firing is covered by the newer one.
        assertEquals(TaskExecution.Skip.SUPERSEDED,
                ex.begin(TaskName.parse("name", "shop"), Firing.parse("20261201T080000Z")).skipped());
    }

    @Test
    void anUnfinishedPassIsResumedUntilItCompletes() throws Exception {
        create("big", "at", "03:00");
        dispatchAt("2026-12-02T03:00:00Z", 10);
        runToEnd("big", "20261202T030000Z", 3);
        dispatchAt("2026-12-02T03:20:00Z", 10);
        assertEquals("big@20261202T032000Z-resume", launcher.launched.get(1));
        runToEnd("big", "20261202T032000Z-resume", 3);
        dispatchAt("2026-12-02T03:40:00Z", 10);
        assertEquals("big@20261202T034000Z-resume", launcher.launched.get(2));
        runToEnd("big", "20261202T034000Z-resume", 0);
        dispatchAt("2026-12-02T04:00:00Z", 10);
        assertEquals(3, launcher.launched.size(), "complete: nothing until tomorrow 03:00");
        assertEquals(List.of("complete", "incomplete", "incomplete"), results("big"));
    }

    private List<String> results(String name) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (RunRecord r : service.history(name, 10)) {
            out.add(r.outcome().result());
        }
        return out;
    }

    @Test
    void theCapIsRespectedOldestDueFirst() throws Exception {
        create("a-hourly", "every", "1h");
        create("b-daily", "at", "06:00");
        create("c-30m", "every", "30m");
        create("d-9", "at", "09:00");
        DispatchReport r = dispatchAt("2026-12-01T09:00:30Z", 2);
        // b's 06:00 firing predates the task (created 08:00:10); a, c and d are due since 09:00: by name.
        assertEquals(List.of("a-hourly@20261201T090000Z", "c-30m@20261201T090000Z"), launcher.launched);
        assertEquals(1, r.waiting().size());
        assertEquals("d-9", r.waiting().get(0).task());
        runToEnd("a-hourly", "20261201T090000Z", 0);
        DispatchReport next = dispatchAt("2026-12-01T09:01:00Z", 2);
        assertEquals(List.of("c-30m"), next.inFlight());
        assertEquals("d-9@20261201T090000Z", launcher.launched.get(2), "the waiting task gets the free slot");
    }

    @Test
    void aDispatcherKilledBetweenClaimAndLaunchIsRepairedByTheNext() throws Exception {
        create("a", "every", "10m");
        create("b", "every", "10m");
        create("c", "every", "10m");
        launcher.dieAt = 1;
        assertThrows(RecordingLauncher.Killed.class, () -> dispatchAt("2026-12-01T08:10:02Z", 10));
        assertEquals(List.of("a@20261201T081000Z"), launcher.launched);
        // Within the claim timeout the claim may be another dispatcher's launch in progress: left alone.
        DispatchReport soon = dispatchAt("2026-12-01T08:10:20Z", 10);
        assertTrue(soon.inFlight().containsAll(Arrays.asList("a", "b")), soon.toJson().toString());
        assertEquals(List.of("a@20261201T081000Z", "c@20261201T081000Z"), launcher.launched);
        DispatchReport later = dispatchAt("2026-12-01T08:10:45Z", 10);
        assertEquals(List.of("a@20261201T081000Z", "c@20261201T081000Z", "b@20261201T081000Z"), launcher.launched);
        assertEquals("b", later.launched().get(0).task());
    }

    @Test
    void aCorruptDocumentIsNamedAndSkippedWhileTheOthersRun() throws Exception {
        create("good", "every", "30m");
        Files.write(dir.resolve("registry/tasks/broken.json"), "{\"version\":1,".getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("registry/tasks/edited.json"), ("{\"version\":1,\"name\":\"edited\",\"origin\":\"http://x/\","
                + "\"target\":\"/tmp/x\",\"schedule\":{\"every\":\"1m\"},\"createdAt\":\"2026-01-01T00:00:00Z\","
                + "\"updatedAt\":\"2026-01-01T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("registry/tasks/renamed.json"), Files.readAllBytes(dir.resolve("registry/tasks/good.json")));
        DispatchReport r = dispatchAt("2026-12-01T08:30:00Z", 10);
        assertEquals(List.of("good@20261201T083000Z"), launcher.launched);
        Map<String, String> problems = new LinkedHashMap<>();
        r.problems().forEach(p -> problems.put(p.name(), p.message()));
        assertEquals(Arrays.asList("broken", "edited", "renamed"), new java.util.ArrayList<>(problems.keySet()));
        assertTrue(problems.get("broken").contains("not a JSON object"), problems.toString());
        assertTrue(problems.get("edited").contains("\"every\" must be an interval from 5m"), problems.toString());
        assertTrue(problems.get("renamed").contains("names another task"), problems.toString());
        List<TaskView> list = service.list();
        assertEquals(4, list.size());
        assertEquals(TaskView.State.INVALID, list.get(0).state());
        assertEquals("broken", list.get(0).name());
    }
}
