package dev.secondaryorigin.fc;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.Credentials;
import com.aliyun.fc.runtime.FunctionComputeLogger;
import dev.secondaryorigin.log.EventLog;

/**
 * The function's {@link EventLog} for one invocation: lines go to FC's logger at their level (stdout without a
 * context), carry the request id, and never show the execution role's secret or token.
 */
final class InvocationLog {
    private InvocationLog() {
    }

    static EventLog of(Context context) {
        FunctionComputeLogger logger = context == null ? null : context.getLogger();
        EventLog log = EventLog.to((level, line) -> {
            if (logger == null) {
                System.out.println(line);
            } else if (level == EventLog.Level.ERROR) {
                logger.error(line);
            } else if (level == EventLog.Level.WARN) {
                logger.warn(line);
            } else {
                logger.info(line);
            }
        });
        if (context == null) {
            return log;
        }
        Credentials role = context.getExecutionCredentials();
        log = log.withRequestId(context.getRequestId());
        return role == null ? log : log.masking(role.getAccessKeySecret(), role.getSecurityToken());
    }
}
