package dev.secondaryorigin.cdn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secondaryorigin.testing.openapi.RecordedCall;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OriginAttacherTest {
    private static final String DOMAIN = "www.example.com";
    private static final String BUCKET = "my-backup.oss-cn-hangzhou.aliyuncs.com";
    private static final String ONE_ORIGIN =
            "[{\"content\":\"203.0.113.10\",\"type\":\"ipaddr\",\"priority\":\"20\",\"port\":80,\"weight\":\"10\"}]";
    private static final String TWO_ORIGINS = "[{\"content\":\"203.0.113.10\",\"type\":\"ipaddr\",\"priority\":\"20\","
            + "\"port\":80,\"weight\":\"15\"},{\"content\":\"origin2.example.net\",\"type\":\"domain\","
            + "\"priority\":\"20\",\"port\":443,\"weight\":\"5\"}]";
    private static final String BUCKET_SOURCE =
            "{\"content\":\"my-backup.oss-cn-hangzhou.aliyuncs.com\",\"type\":\"oss\",\"priority\":\"30\","
                    + "\"port\":443,\"weight\":\"10\"}";

    private CdnTestbed bed;
    private final List<String> lines = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        bed = CdnTestbed.start();
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    private OriginAttacher attacher() {
        return new OriginAttacher(bed.api());
    }

    private OriginAttacher.Request request() {
        return new OriginAttacher.Request(DOMAIN, OssOriginEndpoint.parse(BUCKET, "--target"));
    }

    private String modifiedSources() {
        List<RecordedCall> m = bed.emulator.calls("ModifyCdnDomain");
        assertEquals(1, m.size(), bed.emulator.calls().toString());
        assertEquals(DOMAIN, m.get(0).param("DomainName"));
        return m.get(0).param("Sources");
    }

    @Test
    void oneOriginGetsTheBucketAsSecondary() {
        bed.cdn.addDomain(DOMAIN, ONE_ORIGIN);
        OriginAttacher.Outcome o = attacher().attach(request(), lines::add);

        assertEquals(Arrays.asList("DescribeCdnDomainDetail", "ModifyCdnDomain"), bed.emulator.actions());
        assertEquals("[{\"content\":\"203.0.113.10\",\"type\":\"ipaddr\",\"priority\":\"20\",\"port\":80,"
                + "\"weight\":\"10\"}," + BUCKET_SOURCE + "]", modifiedSources());
        assertTrue(o.changed());
        assertEquals(2, o.after().size());
        assertTrue(lines.stream().anyMatch(l -> l.contains("public-read")), lines.toString());
    }

    @Test
    void twoOriginsAreKeptExactlyWithPortAndWeightChosen() {
        bed.cdn.addDomain(DOMAIN, TWO_ORIGINS);
        attacher().attach(request().port(80).weight(30), lines::add);

        assertEquals("[{\"content\":\"203.0.113.10\",\"type\":\"ipaddr\",\"priority\":\"20\",\"port\":80,"
                + "\"weight\":\"15\"},{\"content\":\"origin2.example.net\",\"type\":\"domain\",\"priority\":\"20\","
                + "\"port\":443,\"weight\":\"5\"},{\"content\":\"my-backup.oss-cn-hangzhou.aliyuncs.com\","
                + "\"type\":\"oss\",\"priority\":\"30\",\"port\":80,\"weight\":\"30\"}]", modifiedSources());
    }

    @Test
    void alreadyAttachedChangesNothing() {
        bed.cdn.addDomain(DOMAIN, ONE_ORIGIN.replace("]", "," + BUCKET_SOURCE + "]"));
        OriginAttacher.Outcome o = attacher().attach(request(), lines::add);

        assertEquals(Collections.singletonList("DescribeCdnDomainDetail"), bed.emulator.actions());
        assertFalse(o.changed());
        assertTrue(o.steps().get(0).contains("already the secondary origin"), o.steps().toString());

        // Attaching twice in a row is the same as once.
        bed.emulator.reset();
        bed.cdn.addDomain("b.example.com", ONE_ORIGIN);
        OriginAttacher a = attacher();
        a.attach(new OriginAttacher.Request("b.example.com", OssOriginEndpoint.parse(BUCKET, "--target")), lines::add);
        String once = bed.cdn.sources("b.example.com");
        a.attach(new OriginAttacher.Request("b.example.com", OssOriginEndpoint.parse(BUCKET, "--target")), lines::add);
        assertEquals(once, bed.cdn.sources("b.example.com"));
        assertEquals(1, bed.emulator.calls("ModifyCdnDomain").size());
    }

    @Test
    void dryRunOnlyReadsAndPrintsBeforeAndAfter() {
        bed.cdn.addDomain(DOMAIN, ONE_ORIGIN);
        OriginAttacher.Outcome o = attacher().attach(request().dryRun(true).privateBucket(true), lines::add);

        assertEquals(Arrays.asList("DescribeCdnDomainDetail", "DescribeCdnDomainConfigs"), bed.emulator.actions());
        assertFalse(o.changed());
        assertEquals(2, o.planned().size(), o.planned().toString());
        assertEquals("ModifyCdnDomain DomainName=" + DOMAIN + " Sources=[{\"content\":\"203.0.113.10\",\"type\":"
                + "\"ipaddr\",\"priority\":\"20\",\"port\":80,\"weight\":\"10\"}," + BUCKET_SOURCE + "]",
                o.planned().get(0));
        assertTrue(o.planned().get(1).startsWith("BatchSetCdnDomainConfig"));
        String table = String.join("\n", lines);
        assertTrue(table.contains("before:") && table.contains("after:"), table);
        assertTrue(table.contains("+ " + BUCKET), table);
        assertEquals(ONE_ORIGIN, bed.cdn.sources(DOMAIN));
    }

    @Test
    void privateBucketTurnsOnL2OssKeyOnce() {
        bed.cdn.addDomain(DOMAIN, ONE_ORIGIN);
        attacher().attach(request().privateBucket(true), lines::add);

        RecordedCall set = bed.emulator.calls("BatchSetCdnDomainConfig").get(0);
        assertEquals(DOMAIN, set.param("DomainNames"));
        assertEquals("[{\"functionArgs\":[{\"argName\":\"private_oss_auth\",\"argValue\":\"on\"}],"
                + "\"functionName\":\"l2_oss_key\"}]", set.param("Functions"));
        assertEquals("on", bed.cdn.config(DOMAIN, "l2_oss_key").get("private_oss_auth"));

        bed.emulator.reset();
        OriginAttacher.Outcome again = attacher().attach(request().privateBucket(true), lines::add);
        assertEquals(Arrays.asList("DescribeCdnDomainDetail", "DescribeCdnDomainConfigs"), bed.emulator.actions());
        assertFalse(again.changed());
    }

    @Test
    void detachRemovesOnlyTheBucket() {
        bed.cdn.addDomain(DOMAIN, TWO_ORIGINS.replace("}]", "}," + BUCKET_SOURCE + "]"));
        OriginAttacher.Outcome o = attacher().detach(DOMAIN, OssOriginEndpoint.parse(BUCKET, "--target"), false,
                lines::add);
        assertTrue(o.changed());
        assertEquals(TWO_ORIGINS, modifiedSources());

        bed.emulator.reset();
        OriginAttacher.Outcome again = attacher().detach(DOMAIN, OssOriginEndpoint.parse(BUCKET, "--target"), false,
                lines::add);
        assertFalse(again.changed());
        assertEquals(Collections.singletonList("DescribeCdnDomainDetail"), bed.emulator.actions());
    }

    @Test
    void detachDryRunWritesNothing() {
        bed.cdn.addDomain(DOMAIN, ONE_ORIGIN.replace("]", "," + BUCKET_SOURCE + "]"));
        OriginAttacher.Outcome o = attacher().detach(DOMAIN, OssOriginEndpoint.parse(BUCKET, "--target"), true,
                lines::add);
        assertEquals(Collections.singletonList("ModifyCdnDomain DomainName=" + DOMAIN + " Sources=" + ONE_ORIGIN),
                o.planned());
        assertEquals(Collections.singletonList("DescribeCdnDomainDetail"), bed.emulator.actions());
    }

    @Test
    void domainNotInAccountIsRefused() {
        CdnRefusal e = assertThrows(CdnRefusal.class, () -> attacher().attach(request(), lines::add));
        assertTrue(e.getMessage().contains("not a CDN domain of this account"), e.getMessage());
        assertTrue(e.getMessage().contains("InvalidDomain.NotFound"), e.getMessage());
        assertTrue(bed.emulator.calls("ModifyCdnDomain").isEmpty());
    }

    @Test
    void onlyOriginAlreadyTheBucketIsRefused() {
        bed.cdn.addDomain(DOMAIN, "[" + BUCKET_SOURCE.replace("\"30\"", "\"20\"") + "]");
        CdnRefusal e = assertThrows(CdnRefusal.class, () -> attacher().attach(request(), lines::add));
        assertTrue(e.getMessage().contains("only origin"), e.getMessage());
        assertTrue(bed.emulator.calls("ModifyCdnDomain").isEmpty());
    }

    @Test
    void nonPublicOssEndpointsAreRefusedBeforeAnyCall() {
        for (String bad : new String[] {"my-backup.oss-cn-hangzhou-internal.aliyuncs.com", "oss://my-backup",
                "www.example.org", "my-backup.oss-cn-hangzhou.aliyuncs.com/site", "/srv/backup",
                "my-backup.oss-accelerate.aliyuncs.com", "http://127.0.0.1:9000"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OssOriginEndpoint.parse(bad, "--target"), bad);
            assertTrue(e.getMessage().startsWith("--target"), e.getMessage());
        }
    }

    @Test
    void publicEndpointFormsAccepted() {
        assertEquals(BUCKET, OssOriginEndpoint.parse("https://My-Backup.oss-cn-hangzhou.aliyuncs.com/", "X").host());
        assertEquals("my-backup", OssOriginEndpoint.parse(BUCKET, "X").bucket());
        assertEquals("bk1.oss-ap-southeast-1.aliyuncs.com",
                OssOriginEndpoint.parse("bk1.oss-ap-southeast-1.aliyuncs.com", "X").host());
    }

    @Test
    void badPortAndWeightAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> request().port(8080));
        assertThrows(IllegalArgumentException.class, () -> request().weight(0));
    }
}
