package dev.secondaryorigin.log;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The product's structured log: one JSON line per event, {@code {"time","level","msg","requestId",...fields}},
 * the shape the function has always written (its README section and log queries rely on it). Never a secret: a
 * field whose name looks like one (secret, token, password, signature) and any occurrence of a configured secret
 * value are written as {@value #MASK}, at any depth.
 */
public final class EventLog {
    public static final String MASK = "***";

    /** The levels the function's log service sorts by. */
    public enum Level { INFO, WARN, ERROR }

    /** Where the lines go: FC's logger, a terminal, a test's list. */
    public interface Sink {
        void write(Level level, String line);
    }

    /** One named value of an event; a null value leaves the field out. */
    public static final class Field {
        final String name;
        final Object value;

        private Field(String name, Object value) {
            this.name = name;
            this.value = value;
        }
    }

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(secret|token|passw|signature).*");
    /**
     * Shorter secrets are masked only where a whole value equals them: masking every occurrence of a
     * three-letter test secret would garble messages and hide nothing worth hiding.
     */
    private static final int MIN_SECRET_TO_SEARCH = 8;

    private final Sink sink;
    private final String requestId;
    private final List<String> secrets;
    private final Clock clock;

    private EventLog(Sink sink, String requestId, List<String> secrets, Clock clock) {
        this.sink = sink;
        this.requestId = requestId;
        this.secrets = secrets;
        this.clock = clock;
    }

    public static EventLog to(Sink sink) {
        return new EventLog(sink, null, Collections.emptyList(), Clock.systemUTC());
    }

    /** Every line to {@code out}, flushed at once (the CLI's {@code --log-json} on stderr). */
    public static EventLog to(PrintWriter out) {
        return to((level, line) -> {
            out.println(line);
            out.flush();
        });
    }

    /** The same log, each line carrying {@code requestId} (left out when null). */
    public EventLog withRequestId(String requestId) {
        return new EventLog(sink, requestId, secrets, clock);
    }

    /** The same log, never writing these values (an AccessKey secret, an STS token); nulls and blanks are ignored. */
    public EventLog masking(String... secretValues) {
        List<String> all = new ArrayList<>(secrets);
        for (String s : secretValues) {
            if (s != null && !s.trim().isEmpty() && !all.contains(s)) {
                all.add(s);
            }
        }
        return new EventLog(sink, requestId, Collections.unmodifiableList(all), clock);
    }

    EventLog withClock(Clock clock) {
        return new EventLog(sink, requestId, secrets, clock);
    }

    /**
     * A field: a {@link JsonElement} is written as it is, a {@link Number} as a number, anything else as its
     * text.
     */
    public static Field field(String name, Object value) {
        return new Field(name, value);
    }

    public void info(String event, Field... fields) {
        log(Level.INFO, event, fields);
    }

    public void warn(String event, Field... fields) {
        log(Level.WARN, event, fields);
    }

    public void error(String event, Field... fields) {
        log(Level.ERROR, event, fields);
    }

    public void log(Level level, String event, Field... fields) {
        log(level, event, toJson(fields));
    }

    /** An event whose fields are already JSON (a pass summary). */
    public void log(Level level, String event, JsonObject fields) {
        sink.write(level, line(level, event, fields));
    }

    /** The line {@link #log(Level, String, JsonObject)} writes. */
    public String line(Level level, String event, JsonObject fields) {
        JsonObject line = new JsonObject();
        line.addProperty("time", clock.instant().toString());
        line.addProperty("level", level.name());
        line.addProperty("msg", event);
        line.addProperty("requestId", requestId);
        for (Map.Entry<String, JsonElement> e : fields.entrySet()) {
            line.add(e.getKey(), masked(e.getKey(), e.getValue()));
        }
        return GSON.toJson(line);
    }

    private static JsonObject toJson(Field... fields) {
        JsonObject o = new JsonObject();
        for (Field f : fields) {
            if (f.value instanceof JsonElement) {
                o.add(f.name, (JsonElement) f.value);
            } else if (f.value instanceof Number) {
                o.addProperty(f.name, (Number) f.value);
            } else if (f.value != null) {
                o.addProperty(f.name, String.valueOf(f.value));
            }
        }
        return o;
    }

    private JsonElement masked(String name, JsonElement value) {
        if (value == null || value.isJsonNull()) {
            return value;
        }
        if (SECRET_NAME.matcher(name).matches()) {
            return new JsonPrimitive(MASK);
        }
        if (value.isJsonObject()) {
            JsonObject out = new JsonObject();
            for (Map.Entry<String, JsonElement> e : value.getAsJsonObject().entrySet()) {
                out.add(e.getKey(), masked(e.getKey(), e.getValue()));
            }
            return out;
        }
        if (value.isJsonArray()) {
            JsonArray out = new JsonArray();
            for (JsonElement e : value.getAsJsonArray()) {
                out.add(masked("", e));
            }
            return out;
        }
        JsonPrimitive p = value.getAsJsonPrimitive();
        return p.isString() ? new JsonPrimitive(maskedText(p.getAsString())) : p;
    }

    private String maskedText(String text) {
        String out = text;
        for (String s : secrets) {
            if (out.equals(s)) {
                return MASK;
            }
            if (s.length() >= MIN_SECRET_TO_SEARCH) {
                out = out.replace(s, MASK);
            }
        }
        return out;
    }
}
