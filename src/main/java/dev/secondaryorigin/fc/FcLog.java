package dev.secondaryorigin.fc;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.FunctionComputeLogger;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.Map;

/**
 * The function's log: one JSON line per event (time, level, msg, the invocation's request id, then the fields),
 * through FC's logger, or standard output without one. Fields are values the function chose to show, never a
 * credential.
 */
final class FcLog {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private final Context context;

    FcLog(Context context) {
        this.context = context;
    }

    static Object[] field(String name, Object value) {
        return new Object[] {name, value};
    }

    void info(String msg, Object[]... fields) {
        log("INFO", msg, fields);
    }

    void warn(String msg, Object[]... fields) {
        log("WARN", msg, fields);
    }

    void error(String msg, Object[]... fields) {
        log("ERROR", msg, fields);
    }

    void log(String level, String msg, Object[]... fields) {
        JsonObject line = new JsonObject();
        for (Object[] f : fields) {
            Object v = f[1];
            if (v instanceof JsonElement) {
                line.add((String) f[0], (JsonElement) v);
            } else if (v instanceof Number) {
                line.addProperty((String) f[0], (Number) v);
            } else if (v != null) {
                line.addProperty((String) f[0], String.valueOf(v));
            }
        }
        log(level, msg, line);
    }

    void log(String level, String msg, JsonObject body) {
        JsonObject line = new JsonObject();
        line.addProperty("time", Instant.now().toString());
        line.addProperty("level", level);
        line.addProperty("msg", msg);
        line.addProperty("requestId", context == null ? null : context.getRequestId());
        for (Map.Entry<String, JsonElement> e : body.entrySet()) {
            line.add(e.getKey(), e.getValue());
        }
        String text = GSON.toJson(line);
        FunctionComputeLogger logger = context == null ? null : context.getLogger();
        if (logger == null) {
            System.out.println(text);
        } else if (level.equals("ERROR")) {
            logger.error(text);
        } else if (level.equals("WARN")) {
            logger.warn(text);
        } else {
            logger.info(text);
        }
    }
}
