package dev.secondaryorigin.cdn;

import dev.secondaryorigin.testing.openapi.CdnEmulation;
import dev.secondaryorigin.testing.openapi.OpenApiEmulator;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** An OpenAPI emulator with the CDN actions, and a {@link CdnApi} pointed at it; for tests. */
public final class CdnTestbed implements AutoCloseable {
    // Made-up keys: the emulator accepts only this pair.
    public static final String KEY_ID = "LTAI5tFakeCdnKeyForTests";
    public static final String SECRET = "fakeCdnSecretForTests0123456";

    public final OpenApiEmulator emulator;
    public final CdnEmulation cdn;

    private CdnTestbed(OpenApiEmulator emulator) {
        this.emulator = emulator;
        this.cdn = CdnEmulation.install(emulator);
    }

    public static CdnTestbed start() throws IOException {
        return new CdnTestbed(OpenApiEmulator.start("cdn.aliyuncs.com", KEY_ID, SECRET));
    }

    /** Credentials and {@code CDN_ENDPOINT} as the function or the CLI read them. */
    public Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY_ID);
        env.put("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET);
        env.put("CDN_ENDPOINT", emulator.url());
        return env;
    }

    public CdnApi api() {
        return CdnApi.fromEnvironment(env(), null);
    }

    @Override
    public void close() {
        emulator.close();
    }
}
