package dev.secondaryorigin.store;

import dev.secondaryorigin.task.ConfigException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OssTargetTest {
    @Test
    void consoleAddressGivesBucketRegionAndPublicEndpoint() {
        OssTarget t = OssTarget.parse("my-backup.oss-cn-hangzhou.aliyuncs.com", null, null);
        assertEquals("my-backup", t.bucket());
        assertEquals("cn-hangzhou", t.region());
        assertEquals("", t.keyPrefix());
        assertEquals("my-backup.oss-cn-hangzhou.aliyuncs.com", t.publicEndpoint());
        assertEquals("https://oss-cn-hangzhou.aliyuncs.com", t.endpoint());
        assertFalse(t.pathStyle());
        assertEquals("oss://my-backup/", t.describe());
    }

    @Test
    void prefixIsNormalised() {
        assertEquals("site/www/", OssTarget.parse("my-backup.oss-cn-hangzhou.aliyuncs.com/site/www/", null, null).keyPrefix());
        assertEquals("a/", OssTarget.parse("https://my-backup.oss-cn-hangzhou.aliyuncs.com//a", null, null).keyPrefix());
        assertEquals("backup/", OssTarget.parse("oss://b-1/backup", null, "cn-beijing").keyPrefix());
    }

    @Test
    void internalAddressKeepsTrafficInternalButPublishesThePublicDomain() {
        OssTarget t = OssTarget.parse("my-backup.oss-cn-shanghai-internal.aliyuncs.com", null, null);
        assertEquals("cn-shanghai", t.region());
        assertEquals("https://oss-cn-shanghai-internal.aliyuncs.com", t.endpoint());
        assertEquals("my-backup.oss-cn-shanghai.aliyuncs.com", t.publicEndpoint());
    }

    @Test
    void endpointOverrideForInternalTraffic() {
        OssTarget t = OssTarget.parse("my-backup.oss-cn-hangzhou.aliyuncs.com", "oss-cn-hangzhou-internal.aliyuncs.com", null);
        assertEquals("https://oss-cn-hangzhou-internal.aliyuncs.com", t.endpoint());
        assertFalse(t.pathStyle());
    }

    @Test
    void httpOverrideIsPathStyle() {
        OssTarget t = OssTarget.parse("oss://my-backup/p", "http://127.0.0.1:9000", "cn-hangzhou");
        assertEquals("http://127.0.0.1:9000", t.endpoint());
        assertTrue(t.pathStyle());
        OssTarget named = OssTarget.parse("my-backup.oss-cn-hangzhou.aliyuncs.com", "http://oss-gateway.corp:8080/", null);
        assertEquals("http://oss-gateway.corp:8080", named.endpoint());
        assertTrue(named.pathStyle());
        assertEquals("cn-hangzhou", named.region());
    }

    @Test
    void ossSchemeTakesItsRegionFromTheOptionOrTheEndpoint() {
        assertEquals("cn-beijing", OssTarget.parse("oss://b-1", null, "cn-beijing").region());
        assertEquals("ap-southeast-1", OssTarget.parse("oss://b-1", "oss-ap-southeast-1.aliyuncs.com", null).region());
        assertEquals("https://oss-cn-beijing.aliyuncs.com", OssTarget.parse("oss://b-1", null, "cn-beijing").endpoint());
    }

    private static ConfigException bad(String target, String endpoint, String region) {
        return assertThrows(ConfigException.class, () -> OssTarget.parse(target, endpoint, region));
    }

    @Test
    void regionEndpointWithoutBucketIsRefused() {
        ConfigException e = bad("oss-cn-hangzhou.aliyuncs.com", null, null);
        assertEquals("target", e.option());
        assertTrue(e.getMessage().contains("no bucket"), e.getMessage());
        assertTrue(e.getMessage().contains("BUCKET.oss-cn-hangzhou.aliyuncs.com"), e.getMessage());
    }

    @Test
    void httpUrlAsTargetIsRefused() {
        ConfigException e = bad("http://my-backup.oss-cn-hangzhou.aliyuncs.com", null, null);
        assertEquals("target", e.option());
        assertTrue(e.getMessage().contains("http URL"), e.getMessage());
        assertTrue(e.getMessage().contains("--oss-endpoint"), e.getMessage());
    }

    @Test
    void capitalsInBucketAreRefused() {
        ConfigException e = bad("My-Backup.oss-cn-hangzhou.aliyuncs.com", null, null);
        assertTrue(e.getMessage().contains("lower-case"), e.getMessage());
        assertTrue(e.getMessage().contains("My-Backup"), e.getMessage());
        assertTrue(bad("oss://MyBucket", null, "cn-hangzhou").getMessage().contains("lower-case"));
    }

    @Test
    void badBucketNamesAreRefused() {
        for (String b : new String[]{"ab", "-abc", "abc-", "a_b_c", "a.b.c", "x".repeat(64)}) {
            ConfigException e = bad("oss://" + b, null, "cn-hangzhou");
            assertTrue(e.getMessage().contains("3-63"), b + ": " + e.getMessage());
        }
    }

    @Test
    void otherMalformedInput() {
        assertTrue(bad("www.example.com", null, null).getMessage().contains("OSS bucket endpoint"));
        assertTrue(bad("b-1.oss-cn-hangzhou.aliyuncs.com/a/../b", null, null).getMessage().contains("'..'"));
        assertEquals("oss-region", bad("oss://b-1", null, null).option());
        assertEquals("oss-region", bad("oss://b-1", null, "oss-cn-hangzhou").option());
        assertEquals("oss-region", bad("b-1.oss-cn-hangzhou.aliyuncs.com", null, "cn-beijing").option());
        assertEquals("oss-endpoint", bad("oss://b-1", "ftp://host", "cn-hangzhou").option());
        assertEquals("oss-endpoint", bad("oss://b-1", "http://host:9000/path", "cn-hangzhou").option());
        ConfigException withBucket = bad("oss://b-1", "b-1.oss-cn-hangzhou-internal.aliyuncs.com", null);
        assertTrue(withBucket.getMessage().contains("oss-cn-hangzhou-internal.aliyuncs.com"), withBucket.getMessage());
        assertEquals("target", bad("  ", null, null).option());
    }

    @Test
    void objectStoresRecognisesOssTargets() {
        assertTrue(ObjectStores.isOss("my-backup.oss-cn-hangzhou.aliyuncs.com/x"));
        assertTrue(ObjectStores.isOss("OSS://b-1"));
        assertTrue(ObjectStores.isOss("http://my-backup.oss-cn-hangzhou.aliyuncs.com"));
        assertFalse(ObjectStores.isOss("/srv/backup"));
        assertFalse(ObjectStores.isOss("backup"));
    }
}
