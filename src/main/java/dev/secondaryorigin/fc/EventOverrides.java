package dev.secondaryorigin.fc;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.secondaryorigin.task.OptionDef;
import dev.secondaryorigin.task.OptionNaming;
import dev.secondaryorigin.task.TaskOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Task options given for one run in an event's JSON ({@code {"full":true,"maxDepth":3}}), turned into
 * raw values keyed by canonical option name, ready to lay over the ones from the environment. Accepts
 * each option's JSON ({@code maxDepth}), canonical ({@code max-depth}) or environment ({@code MAX_DEPTH})
 * name; values may be strings, numbers, booleans or arrays of those. Only options that tune a pass
 * ({@link OptionDef#tunesAPass()}) are accepted: an event never changes the task's origin, domain, target,
 * name, headers, TLS, endpoints or safety settings.
 */
public final class EventOverrides {
    private EventOverrides() {
    }

    /** Converts every member of {@code json} except those named in {@code skip}. */
    public static Map<String, List<String>> from(JsonObject json, Set<String> skip) throws InvalidEvent {
        Map<String, List<String>> raw = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : json.entrySet()) {
            if (skip.contains(e.getKey()) || e.getValue().isJsonNull()) {
                continue;
            }
            OptionDef d = TaskOptions.find(e.getKey());
            if (d == null) {
                throw InvalidEvent.badRequest("unknown option \"" + e.getKey() + "\" in the event; known options: "
                        + TaskOptions.knownNames(OptionNaming.JSON));
            }
            if (!d.tunesAPass()) {
                throw InvalidEvent.badRequest(OptionNaming.JSON.display(d.name()) + " cannot be set by an event or "
                        + "request: it says what the task backs up, from where or to where, or how safely, so it "
                        + "comes only from the deployment's configuration (the function's environment variable "
                        + d.envName() + ", in s.yaml); options an event may set: " + tuningNames());
            }
            List<String> values = new ArrayList<>();
            JsonElement v = e.getValue();
            if (v.isJsonArray()) {
                if (!d.repeatable()) {
                    throw InvalidEvent.badRequest(OptionNaming.JSON.display(d.name()) + " takes one value, got a list");
                }
                for (JsonElement item : (JsonArray) v) {
                    values.add(scalar(d, item));
                }
            } else {
                values.add(scalar(d, v));
            }
            raw.put(d.name(), values);
        }
        return Collections.unmodifiableMap(raw);
    }

    private static String tuningNames() {
        StringBuilder b = new StringBuilder();
        for (OptionDef d : TaskOptions.ALL) {
            if (d.tunesAPass()) {
                b.append(b.length() == 0 ? "" : ", ").append(OptionNaming.JSON.display(d.name()));
            }
        }
        return b.toString();
    }

    private static String scalar(OptionDef d, JsonElement v) throws InvalidEvent {
        if (!v.isJsonPrimitive()) {
            throw InvalidEvent.badRequest(OptionNaming.JSON.display(d.name())
                    + " must be a string, number or boolean, got " + v);
        }
        JsonPrimitive p = v.getAsJsonPrimitive();
        return p.isString() ? p.getAsString() : p.toString();
    }

    /** {@code base} with every option in {@code overrides} replaced. */
    public static Map<String, List<String>> overlay(Map<String, List<String>> base,
                                                    Map<String, List<String>> overrides) {
        Map<String, List<String>> out = new LinkedHashMap<>(base);
        out.putAll(overrides);
        return out;
    }
}
