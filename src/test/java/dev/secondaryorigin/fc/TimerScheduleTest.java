package dev.secondaryorigin.fc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import dev.secondaryorigin.testing.SharedReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * SCHEDULE as the FC console offers it (interval, specific time, cron), one table run through the three places
 * that validate it: the function's TimerSchedule, scripts/deploy.sh (which runs TimerSchedule) and the ROS
 * template's AllowedPattern (which cannot know zone names; the function checks those).
 */
class TimerScheduleTest {
    /** Valid schedules, with the kind and zone they parse to. */
    private static final String[][] VALID = {
        {"@every 30m", "INTERVAL", null},
        {"@every 2h", "INTERVAL", null},
        {"@every 1h30m", "INTERVAL", null},
        {"@every 1m", "INTERVAL", null},
        {"CRON_TZ=Asia/Shanghai 0 0 3 * * MON,THU", "SPECIFIC_TIME", "Asia/Shanghai"},
        {"CRON_TZ=Etc/GMT-8 0 30 4 1,15 * *", "SPECIFIC_TIME", "Etc/GMT-8"},
        {"CRON_TZ=Europe/Berlin 0 0 3 ? * SUN", "SPECIFIC_TIME", "Europe/Berlin"},
        {"CRON_TZ=America/Argentina/Buenos_Aires 0 15 22 * * 1-5", "SPECIFIC_TIME", "America/Argentina/Buenos_Aires"},
        {"CRON_TZ=UTC 0 0 0 * * 0", "SPECIFIC_TIME", "UTC"},
        {"0 0 19 * * *", "CRON", "UTC"},
        {"0 */15 * * * *", "CRON", "UTC"},
        {"0 0 9-17 * * mon-fri", "CRON", "UTC"},
        {"0 0 0 1 JAN,JUL *", "CRON", "UTC"},
        {"30 5 4 L * *".replace("L", "31"), "CRON", "UTC"},
    };
    /** Invalid schedules, what the refusal says, and whether the template's pattern refuses it too. */
    private static final Object[][] INVALID = {
        {"@every 30s", "under 1 minute", true},
        {"@every 0m", "under 1 minute", true},
        {"@every 90s", "whole minutes", true},
        {"@every", "an interval is '@every '", true},
        {"@daily", "the only @ form", true},
        {"0 3 * * 1", "six fields", true},
        {"0 0 3 * * MON extra", "six fields", true},
        {"CRON_TZ=Mars/Olympus 0 0 3 * * *", "unknown time zone \"Mars/Olympus\"", false},
        {"CRON_TZ=+08:00 0 0 3 * * *", "unknown time zone", true},
        {"CRON_TZ=Asia/Shanghai", "must be followed by", true},
        {"0 60 * * * *", "minute field \"60\"", true},
        {"0 0 24 * * *", "hour field \"24\"", true},
        {"0 0 3 32 * *", "day-of-month field \"32\"", true},
        {"0 0 3 0 * *", "day-of-month field \"0\"", true},
        {"0 0 3 * 13 *", "month field \"13\"", true},
        {"0 0 3 * * 7", "day-of-week field \"7\"", true},
        {"0 0 3 * * MONDAY", "day-of-week field \"MONDAY\"", true},
        {"0 */0 * * * *", "step of 0", true},
        {"? 0 3 * * *", "may not be ?", true},
        {"", "it is empty", true},
        {" @every 5m", "starts or ends with a space", true},
    };

    private static final Pattern TEMPLATE_PATTERN = Pattern.compile(templatePattern());

    @SuppressWarnings("unchecked")
    private static String templatePattern() {
        try {
            String text = new String(Files.readAllBytes(SharedReference.projectRoot().resolve("template.yml")),
                    StandardCharsets.UTF_8);
            Map<String, Object> doc = new Yaml().load(text);
            Map<String, Object> p = (Map<String, Object>) ((Map<String, Object>) doc.get("Parameters")).get("Schedule");
            return (String) p.get("AllowedPattern");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theTemplateUsesTheFunctionsPattern() {
        assertEquals(TimerSchedule.PATTERN, TEMPLATE_PATTERN.pattern(), "template.yml's Schedule AllowedPattern must be "
                + "TimerSchedule.PATTERN");
    }

    @Test
    void validSchedulesPassEverywhere() {
        for (String[] row : VALID) {
            TimerSchedule t = TimerSchedule.parse(row[0]);
            assertEquals(row[1], t.kind().name(), row[0]);
            assertEquals(row[2], t.zone(), row[0]);
            assertTrue(TEMPLATE_PATTERN.matcher(row[0]).matches(), "the template's pattern accepts " + row[0]);
        }
    }

    @Test
    void invalidSchedulesAreRefusedWithAReason() {
        for (Object[] row : INVALID) {
            String s = (String) row[0];
            try {
                TimerSchedule.parse(s);
                fail("accepted " + s);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().startsWith("SCHEDULE \"" + s + "\" is not a schedule"), e.getMessage());
                assertTrue(e.getMessage().contains((String) row[1]), s + ": " + e.getMessage());
                assertTrue(e.getMessage().contains("'@every 30m'"), "names what is accepted: " + e.getMessage());
            }
            assertEquals(!(Boolean) row[2], TEMPLATE_PATTERN.matcher(s).matches(),
                    "the template's pattern " + ((Boolean) row[2] ? "refuses " : "cannot check the zone of ") + s);
        }
    }

    @Test
    void deployShChecksWithTheSameClass(@TempDir Path tmp) throws Exception {
        DeployCopy copy = new DeployCopy(tmp);
        for (String[] row : new String[][] {VALID[4], VALID[5], VALID[9]}) {
            Map<String, String> env = DeployScriptTest.good();
            env.put("SCHEDULE", row[0]);
            String[] r = copy.deploy(env, "--dry-run", "--env-file", "/dev/null");
            assertEquals("0", r[0], row[0] + ": " + r[1]);
        }
        for (Object[] row : new Object[][] {INVALID[0], INVALID[5], INVALID[7], INVALID[10]}) {
            Map<String, String> env = DeployScriptTest.good();
            env.put("SCHEDULE", (String) row[0]);
            String[] r = copy.deploy(env, "--dry-run", "--env-file", "/dev/null");
            assertEquals("1", r[0], row[0] + ": " + r[1]);
            assertTrue(r[1].contains((String) row[1]), row[0] + ": " + r[1]);
        }
    }

    @Test
    void theFunctionReportsItsSchedule() {
        JsonObject ok = TimerSchedule.deployedStatus(Collections.singletonMap("SCHEDULE", "CRON_TZ=Etc/GMT-8 0 30 4 1,15 * *"));
        assertTrue(ok.get("valid").getAsBoolean(), ok.toString());
        assertEquals("specific-time", ok.get("kind").getAsString());
        assertEquals("Etc/GMT-8", ok.get("timeZone").getAsString());
        JsonObject bad = TimerSchedule.deployedStatus(Collections.singletonMap("SCHEDULE", "@every 10s"));
        assertFalse(bad.get("valid").getAsBoolean());
        assertTrue(bad.get("error").getAsString().contains("under 1 minute"), bad.toString());
        assertFalse(TimerSchedule.deployedStatus(Collections.emptyMap()).get("known").getAsBoolean());
    }
}
