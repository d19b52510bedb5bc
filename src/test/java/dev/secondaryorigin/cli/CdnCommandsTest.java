package dev.secondaryorigin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secondaryorigin.cdn.CdnTestbed;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** attach-origin / detach-origin as a user runs them, against the OpenAPI emulator. */
class CdnCommandsTest {
    private static final String ORIGIN =
            "[{\"content\":\"203.0.113.10\",\"type\":\"ipaddr\",\"priority\":\"20\",\"port\":80,\"weight\":\"10\"}]";
    private CdnTestbed bed;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        bed = CdnTestbed.start();
        bed.cdn.addDomain("www.example.com", ORIGIN);
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    private int run(Map<String, String> env, String... args) {
        CommandLine cl = Main.commandLine(env);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void attachDryRunThenAttachThenDetach() {
        assertEquals(0, run(bed.env(), "attach-origin", "--domain", "www.example.com", "--target",
                "my-backup.oss-cn-hangzhou.aliyuncs.com", "--dry-run"), err.toString());
        assertTrue(out.toString().contains("would call ModifyCdnDomain"), out.toString());
        assertEquals(ORIGIN, bed.cdn.sources("www.example.com"));

        assertEquals(0, run(bed.env(), "attach-origin", "--domain", "www.example.com", "--target",
                "my-backup.oss-cn-hangzhou.aliyuncs.com", "--port", "80"), err.toString());
        assertTrue(bed.cdn.sources("www.example.com").contains("\"type\":\"oss\",\"priority\":\"30\",\"port\":80"));

        assertEquals(0, run(bed.env(), "detach-origin", "--domain", "www.example.com", "--target",
                "my-backup.oss-cn-hangzhou.aliyuncs.com"), err.toString());
        assertEquals(ORIGIN, bed.cdn.sources("www.example.com"));
    }

    @Test
    void endpointFlagOverridesEnvironmentAndSecretNeverPrinted() {
        Map<String, String> env = bed.env();
        String url = env.remove("CDN_ENDPOINT");
        assertEquals(0, run(env, "attach-origin", "--domain", "www.example.com", "--target",
                "my-backup.oss-cn-hangzhou.aliyuncs.com", "--cdn-endpoint", url), err.toString());
        assertFalse(out.toString().contains(CdnTestbed.SECRET));
        assertTrue(out.toString().contains(CdnTestbed.KEY_ID), out.toString());
    }

    @Test
    void refusalsExitWith2AndOneLine() {
        assertEquals(2, run(bed.env(), "attach-origin", "--domain", "other.example.com", "--target",
                "my-backup.oss-cn-hangzhou.aliyuncs.com"));
        assertTrue(err.toString().contains("not a CDN domain of this account"), err.toString());
        assertEquals(2, run(bed.env(), "attach-origin", "--domain", "www.example.com", "--target",
                "my-backup.oss-cn-hangzhou-internal.aliyuncs.com"));
        assertTrue(err.toString().contains("internal OSS endpoint"), err.toString());
        assertEquals(Arrays.asList("DescribeCdnDomainDetail"), bed.emulator.actions());
    }

    @Test
    void wrongSecretIsAFailureNamingTheKeyNotTheSecret() {
        Map<String, String> env = bed.env();
        env.put("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "wrongSecretForTests999999999");
        assertEquals(1, run(env, "attach-origin", "--domain", "www.example.com", "--target",
                "my-backup.oss-cn-hangzhou.aliyuncs.com"));
        assertTrue(err.toString().contains(CdnTestbed.KEY_ID), err.toString());
        assertFalse(err.toString().contains("wrongSecretForTests999999999"), err.toString());
    }
}
