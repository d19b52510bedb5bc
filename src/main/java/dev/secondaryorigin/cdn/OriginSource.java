package dev.secondaryorigin.cdn;

import com.aliyuncs.cdn.model.v20180510.DescribeCdnDomainDetailResponse;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One origin of a CDN domain, as {@code DescribeCdnDomainDetail} reports it and {@code ModifyCdnDomain}
 * takes it back in its {@code Sources} JSON: address, type ({@code ipaddr}, {@code domain}, {@code oss},
 * {@code fc_domain}), priority ({@code "20"} primary, {@code "30"} secondary), port and weight. Fields
 * the service did not report stay absent, so an origin is written back exactly as it was read.
 */
public final class OriginSource {
    public static final String PRIMARY = "20";
    public static final String SECONDARY = "30";

    private final String content;
    private final String type;
    private final String priority;
    private final Integer port;
    private final String weight;

    public OriginSource(String content, String type, String priority, Integer port, String weight) {
        this.content = Objects.requireNonNull(content, "content");
        this.type = type;
        this.priority = priority;
        this.port = port;
        this.weight = weight;
    }

    static OriginSource of(DescribeCdnDomainDetailResponse.GetDomainDetailModel.SourceModel m) {
        return new OriginSource(m.getContent(), m.getType(), m.getPriority(), m.getPort(), m.getWeight());
    }

    public String content() {
        return content;
    }

    public String type() {
        return type;
    }

    /** The priority as given, or null (the service then treats it as primary). */
    public String priority() {
        return priority;
    }

    public Integer port() {
        return port;
    }

    public String weight() {
        return weight;
    }

    public boolean primary() {
        return priority == null || PRIMARY.equals(priority);
    }

    /** Whether this origin is the given host (origin addresses compare case-insensitively). */
    public boolean isHost(String host) {
        return content.toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT));
    }

    public OriginSource withPriority(String p) {
        return new OriginSource(content, type, p, port, weight);
    }

    /** One element of the {@code Sources} JSON, fields in the order the API documents them. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("content", content);
        if (type != null) {
            o.addProperty("type", type);
        }
        if (priority != null) {
            o.addProperty("priority", priority);
        }
        if (port != null) {
            o.addProperty("port", port);
        }
        if (weight != null) {
            o.addProperty("weight", weight);
        }
        return o;
    }

    /** The {@code Sources} parameter of {@code ModifyCdnDomain}. */
    public static String sourcesJson(List<OriginSource> sources) {
        JsonArray a = new JsonArray();
        for (OriginSource s : sources) {
            a.add(s.toJson());
        }
        return a.toString();
    }

    /** Parses a {@code Sources} JSON array (as saved in the guard's state). */
    public static List<OriginSource> parseSources(String json) {
        List<OriginSource> out = new ArrayList<>();
        for (com.google.gson.JsonElement e : com.google.gson.JsonParser.parseString(json).getAsJsonArray()) {
            JsonObject o = e.getAsJsonObject();
            out.add(new OriginSource(o.get("content").getAsString(), str(o, "type"), str(o, "priority"),
                    o.has("port") && !o.get("port").isJsonNull() ? o.get("port").getAsInt() : null, str(o, "weight")));
        }
        return out;
    }

    private static String str(JsonObject o, String k) {
        return o.has(k) && !o.get(k).isJsonNull() ? o.get(k).getAsString() : null;
    }

    /** A plain-text table of origins; rows marked {@code +} (added) or {@code -} (removed) by the caller. */
    public static String table(List<OriginSource> sources, List<String> marks) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "  %-45s %-9s %-8s %-5s %s%n",
                "origin", "type", "priority", "port", "weight"));
        for (int i = 0; i < sources.size(); i++) {
            OriginSource s = sources.get(i);
            String mark = marks == null || i >= marks.size() ? " " : marks.get(i);
            b.append(String.format(Locale.ROOT, "%s %-45s %-9s %-8s %-5s %s%n", mark, s.content,
                    dash(s.type), dash(s.priority), s.port == null ? "-" : s.port.toString(), dash(s.weight)));
        }
        return b.toString();
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OriginSource)) {
            return false;
        }
        OriginSource s = (OriginSource) o;
        return content.equals(s.content) && Objects.equals(type, s.type) && Objects.equals(priority, s.priority)
                && Objects.equals(port, s.port) && Objects.equals(weight, s.weight);
    }

    @Override
    public int hashCode() {
        return Objects.hash(content, type, priority, port, weight);
    }

    @Override
    public String toString() {
        return toJson().toString();
    }
}
