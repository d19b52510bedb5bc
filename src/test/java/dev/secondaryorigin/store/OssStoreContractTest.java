package dev.secondaryorigin.store;

import dev.secondaryorigin.credentials.CloudCredentials;
import dev.secondaryorigin.testing.oss.OssEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;

/** The store contract on OSS, through the real SDK against the emulator, under a key prefix. */
class OssStoreContractTest extends ObjectStoreContract {
    private static OssEmulator oss;
    private static int n;

    @BeforeAll
    static void startEmulator() throws IOException {
        oss = OssEmulator.builder().credentials("test-ak", "test-secret").start();
    }

    @AfterAll
    static void stopEmulator() {
        oss.close();
    }

    @Override
    protected ObjectStore newStore() {
        String bucket = "contract-" + (++n);
        oss.createBucket(bucket);
        OssTarget t = OssTarget.parse("oss://" + bucket + "/site/www", oss.endpoint(), oss.region());
        return new OssStore(t, CloudCredentials.of("test-ak", "test-secret"), 32L << 20, OssStore.DEFAULT_PART_SIZE,
                RetryPolicy.of(3, 5, 20));
    }
}
