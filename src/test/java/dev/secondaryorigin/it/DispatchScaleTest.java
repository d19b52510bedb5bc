package dev.secondaryorigin.it;

import dev.secondaryorigin.tasks.DispatchReport;
import dev.secondaryorigin.tasks.Dispatcher;
import dev.secondaryorigin.tasks.Firing;
import dev.secondaryorigin.tasks.RegistryLocation;
import dev.secondaryorigin.tasks.TaskLauncher;
import dev.secondaryorigin.tasks.TaskName;
import dev.secondaryorigin.tasks.TaskRegistry;
import dev.secondaryorigin.tasks.TaskService;
import dev.secondaryorigin.testing.oss.OssEmulator;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A dispatch over a registry of 1 000 tasks kept in the OSS emulator (real SDK, V4 signatures): how long reading
 * the registry and computing the due tasks takes, and that the cap holds with that many due at once.
 */
class DispatchScaleTest {
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    @Test
    void aThousandTasks() throws Exception {
        try (OssEmulator oss = OssEmulator.builder().credentials("scale-ak", "scale-secret").start()) {
            oss.createBucket("ops-bucket");
            Map<String, String> env = new HashMap<>();
            env.put("ALIBABA_CLOUD_ACCESS_KEY_ID", "scale-ak");
            env.put("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "scale-secret");
            env.put("OSS_ENDPOINT", oss.endpoint());
            env.put("OSS_REGION", oss.region());
            Clock created = Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC);
            try (TaskRegistry registry = new TaskRegistry(RegistryLocation.open("registry",
                    "oss://ops-bucket/secondary-origin-tasks/", env))) {
                TaskService service = new TaskService(registry, created);
                String[][] schedules = {{"every", "30m"}, {"every", "1h"}, {"at", "09:00", "tz", "Asia/Shanghai"},
                        {"at", "03:00", "days", "MON,THU", "tz", "Europe/Berlin"}, {"cron", "0 0/20 * * * *"},
                        {"cron", "CRON_TZ=America/New_York 0 0 8 * * *"}};
                for (int i = 0; i < 1000; i++) {
                    Map<String, List<String>> given = new LinkedHashMap<>();
                    String[] s = schedules[i % schedules.length];
                    for (int k = 0; k < s.length; k += 2) {
                        given.put(s[k], Collections.singletonList(s[k + 1]));
                    }
                    given.put("origin", Collections.singletonList("http://127.0.0.1:1/"));
                    given.put("domain", Collections.singletonList("www.site" + i + ".example"));
                    given.put("target", Collections.singletonList("oss://backup-" + (i % 20) + "/site" + i));
                    service.create(String.format("site-%04d", i), given);
                }
                List<String> launched = new ArrayList<>();
                TaskLauncher launcher = (TaskName t, Firing f) -> {
                    launched.add(t + "@" + f);
                    return "r" + launched.size();
                };
                Clock now = Clock.fixed(Instant.parse("2026-12-01T01:00:05Z"), ZoneOffset.UTC);
                List<String> figures = new ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    long wall = System.nanoTime();
                    long cpu = cpuNanos();
                    TaskRegistry.Listing l = registry.list();
                    long listMs = (System.nanoTime() - wall) / 1_000_000;
                    assertEquals(1000, l.tasks().size());
                    wall = System.nanoTime();
                    cpu = cpuNanos();
                    DispatchReport r = new Dispatcher(registry, launcher, now, 50, "scale").dispatch();
                    long dispatchMs = (System.nanoTime() - wall) / 1_000_000;
                    long dispatchCpuMs = (cpuNanos() - cpu) / 1_000_000;
                    figures.add(String.format("round %d: registry read %d ms; dispatch %d ms wall, %d ms CPU (process); "
                                    + "launched %d, waiting %d, in flight %d", round + 1, listMs, dispatchMs, dispatchCpuMs,
                            r.launched().size(), r.waiting().size(), r.inFlight().size()));
                    if (round == 0) {
                        assertEquals(50, r.launched().size(), "the cap");
                        assertTrue(r.waiting().size() > 300, "01:00Z: the 30m, 1h, 20m and 09:00 Shanghai tasks are due");
                    } else {
                        assertEquals(0, r.launched().size(), "all slots are taken by the launches on their way");
                    }
                }
                System.out.println("1000 tasks in the OSS emulator (machine shared by other builds):\n  "
                        + String.join("\n  ", figures));
            }
        }
    }
}
