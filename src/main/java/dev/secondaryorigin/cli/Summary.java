package dev.secondaryorigin.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.secondaryorigin.task.Sizes;

import java.util.Locale;
import java.util.Map;

/** The human-readable summary of a pass report. */
final class Summary {
    private Summary() {
    }

    static String human(JsonObject r) {
        StringBuilder b = new StringBuilder();
        String result = str(r, "result");
        b.append("Pass ").append(str(r, "passId")).append(": ").append(result.toUpperCase(Locale.ROOT));
        if (r.has("resumed") && r.get("resumed").getAsBoolean()) {
            b.append(" (resumed, invocation ").append(num(r, "invocations")).append(")");
        }
        b.append('\n');
        if (r.has("message")) {
            b.append("  ").append(str(r, "message")).append('\n');
        }
        if (r.has("discovered")) {
            b.append(String.format(Locale.ROOT, "  URLs: %d discovered, %d downloaded, %d not modified (304)%n",
                    num(r, "discovered"), num(r, "fetched"), num(r, "notModified")));
            boolean staged = r.has("staged") && r.get("staged").getAsBoolean();
            b.append(String.format(Locale.ROOT, "  Objects: %d %s, %d unchanged, %d redirects, %d pruned%n",
                    num(r, "stored"), staged ? "changed (staged)" : "stored", num(r, "unchanged"),
                    num(r, "redirects"), num(r, "pruned")));
            if (num(r, "redirects") > 0) {
                b.append(String.format(Locale.ROOT, "  Redirects kept for failover: %d pages, %d copies of the target "
                                + "(%d written); %d to other hosts left out%n", num(r, "redirectPages"),
                        num(r, "redirectCopies"), num(r, "redirectObjectsWritten"), num(r, "redirectsOffSite")));
            }
            b.append(String.format(Locale.ROOT, "  Bytes: %s downloaded, %s stored; %d requests; %.1f s%n",
                    bytes(num(r, "bytesFetched")), bytes(num(r, "bytesStored")), num(r, "requests"),
                    num(r, "durationMs") / 1000.0));
            JsonObject sp = r.has("speculative") && r.get("speculative").isJsonObject() ? r.getAsJsonObject("speculative")
                    : null;
            if (sp != null && num(sp, "tried") > 0) {
                b.append(String.format(Locale.ROOT, "  Loaded by script (speculative): tried %d, found %d, missed %d%n",
                        num(sp, "tried"), num(sp, "found"), num(sp, "missed")));
            }
            JsonObject skipped = r.getAsJsonObject("skipped");
            if (skipped != null && skipped.get("total").getAsLong() > 0) {
                b.append("  Skipped: ").append(skipped.get("total").getAsLong()).append(" (");
                boolean first = true;
                for (Map.Entry<String, JsonElement> e : skipped.getAsJsonObject("reasons").entrySet()) {
                    b.append(first ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue().getAsLong());
                    first = false;
                }
                b.append(")\n");
            }
            if (staged) {
                b.append(String.format(Locale.ROOT, "  Held back until judged: %d changes; published %d, kept %d "
                                + "previous versions for rollback, expired %d%n", num(r, "held"), num(r, "published"),
                        num(r, "previousVersionsKept"), num(r, "versionsExpired")));
            }
            if (r.has("gate") && r.get("gate").isJsonObject()) {
                JsonObject g = r.getAsJsonObject("gate");
                b.append("  Soft-failure gate: ").append(str(g, "verdict")).append(String.format(Locale.ROOT,
                        " (%d changed, %d added, %d gone of %d checked)%n", num(g, "changed"), num(g, "added"),
                        num(g, "gone"), num(g, "checked")));
                for (JsonElement reason : g.getAsJsonArray("reasons")) {
                    b.append("    ").append(reason.getAsString()).append('\n');
                }
            }
            if (r.has("cutShort") && r.get("cutShort").isJsonObject()) {
                b.append("  Cut short: ").append(str(r, "message")).append('\n');
            }
            if (num(r, "storeFailed") > 0) {
                b.append("  Not stored: ").append(num(r, "storeFailed"))
                        .append(" objects the secondary origin refused (the next pass retries them)\n");
            }
            JsonObject failed = r.getAsJsonObject("failed");
            if (failed != null && failed.get("total").getAsLong() > 0) {
                b.append("  Failed: ").append(failed.get("total").getAsLong()).append('\n');
                int shown = 0;
                for (JsonElement e : failed.getAsJsonArray("samples")) {
                    if (shown++ == 10) {
                        b.append("    ...\n");
                        break;
                    }
                    b.append("    ").append(e.getAsJsonObject().get("url").getAsString()).append("  ")
                            .append(e.getAsJsonObject().get("error").getAsString()).append('\n');
                }
            }
        }
        return b.toString().trim();
    }

    static String str(JsonObject o, String k) {
        return o.has(k) && !o.get(k).isJsonNull() ? o.get(k).getAsString() : "-";
    }

    static long num(JsonObject o, String k) {
        return o.has(k) && o.get(k).isJsonPrimitive() ? o.get(k).getAsLong() : 0;
    }

    static String bytes(long n) {
        return Sizes.format(n);
    }
}
