package dev.secondaryorigin.fc;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.Credentials;
import com.aliyun.fc.runtime.FunctionComputeLogger;
import com.aliyun.fc.runtime.FunctionParam;
import com.aliyun.fc.runtime.OpenTracing;
import com.aliyun.fc.runtime.Service;
import dev.secondaryorigin.credentials.CloudCredentials;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A Function Compute {@link Context} for running the handler on one machine ({@code cli invoke}, tests):
 * a request id, a time limit, credentials from the standard environment variables, and a logger that
 * hands each line to a consumer.
 */
public final class LocalContext implements Context {
    private final String requestId;
    private final int timeLimitMillis;
    private final Map<String, String> env;
    private final Consumer<String> log;

    public LocalContext(String requestId, int timeLimitMillis, Map<String, String> env, Consumer<String> log) {
        this.requestId = requestId == null ? "local-" + UUID.randomUUID() : requestId;
        this.timeLimitMillis = timeLimitMillis;
        this.env = env;
        this.log = log;
    }

    @Override
    public String getRequestId() {
        return requestId;
    }

    @Override
    public Credentials getExecutionCredentials() {
        return new Credentials() {
            @Override
            public String getAccessKeyId() {
                return env.get(CloudCredentials.ENV_ACCESS_KEY_ID);
            }

            @Override
            public String getAccessKeySecret() {
                return env.get(CloudCredentials.ENV_ACCESS_KEY_SECRET);
            }

            @Override
            public String getSecurityToken() {
                return env.get(CloudCredentials.ENV_SECURITY_TOKEN);
            }
        };
    }

    @Override
    public FunctionParam getFunctionParam() {
        return new FunctionParam() {
            @Override
            public String getFunctionName() {
                return "cdn-secondary-origin";
            }

            @Override
            public String getFunctionHandler() {
                return "dev.secondaryorigin.fc.SyncFunction::handleRequest";
            }

            @Override
            public String getFunctionInitializer() {
                return "dev.secondaryorigin.fc.SyncFunction::initialize";
            }

            @Override
            public int getExecTimeLimitInMillis() {
                return timeLimitMillis;
            }

            @Override
            public int getMemoryLimitInMB() {
                return (int) (Runtime.getRuntime().maxMemory() >> 20);
            }
        };
    }

    @Override
    public Service getService() {
        return null;
    }

    @Override
    public FunctionComputeLogger getLogger() {
        return new FunctionComputeLogger() {
            @Override
            public void trace(String s) {
                log.accept(s);
            }

            @Override
            public void debug(String s) {
                log.accept(s);
            }

            @Override
            public void info(String s) {
                log.accept(s);
            }

            @Override
            public void warn(String s) {
                log.accept(s);
            }

            @Override
            public void error(String s) {
                log.accept(s);
            }

            @Override
            public void fatal(String s) {
                log.accept(s);
            }

            @Override
            public void setLogLevel(Level level) {
            }
        };
    }

    @Override
    public OpenTracing getTracing() {
        return null;
    }

    @Override
    public int getRetryCount() {
        return 0;
    }
}
