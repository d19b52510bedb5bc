package dev.secondaryorigin.store;

import dev.secondaryorigin.credentials.CloudCredentials;
import dev.secondaryorigin.testing.oss.EmulatedBucket;
import dev.secondaryorigin.testing.oss.OssEmulator;

import java.io.IOException;

/** An emulator with one bucket, and stores on it with fast retries; for tests. */
final class OssTestbed implements AutoCloseable {
    static final String AK = "test-ak";
    static final String SECRET = "test-secret";
    static final RetryPolicy FAST = RetryPolicy.of(4, 5, 20);

    final OssEmulator oss;
    final EmulatedBucket bucket;

    private OssTestbed(OssEmulator oss) {
        this.oss = oss;
        this.bucket = oss.createBucket("my-backup");
    }

    static OssTestbed start() throws IOException {
        return new OssTestbed(OssEmulator.builder().credentials(AK, SECRET).start());
    }

    static OssTestbed start(OssEmulator.Builder b) throws IOException {
        return new OssTestbed(b.start());
    }

    OssTarget target(String prefix) {
        return OssTarget.parse("my-backup.oss-" + oss.region() + ".aliyuncs.com" + prefix, oss.endpoint(), null);
    }

    OssStore store() {
        return store(CloudCredentials.of(AK, SECRET));
    }

    OssStore store(CloudCredentials c) {
        return new OssStore(target(""), c, 32L << 20, OssStore.DEFAULT_PART_SIZE, FAST);
    }

    OssStore store(String prefix, long threshold, long partSize, RetryPolicy retry) {
        return new OssStore(target(prefix), CloudCredentials.of(AK, SECRET), threshold, partSize, retry);
    }

    /** A store that copies sources of {@code copyObjectLimit} bytes and more in parts. */
    OssStore store(String prefix, long partSize, long copyObjectLimit) {
        oss.copyObjectLimit(copyObjectLimit);
        return new OssStore(target(prefix), CloudCredentials.of(AK, SECRET), 32L << 20, partSize, FAST, copyObjectLimit);
    }

    @Override
    public void close() {
        oss.close();
    }
}
