package dev.secondaryorigin.task;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The console's "Resource Type" choices. Classification of a response lives in {@code crawl.ResourceTypes}. */
public enum ResourceType {
    HTML, CSS, JS, IMAGE, FONT, MEDIA, DOCUMENT, DATA, OTHER;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static String accepted() {
        StringBuilder b = new StringBuilder();
        for (ResourceType t : values()) {
            b.append(t.id()).append(", ");
        }
        return b.append("all").toString();
    }

    /** Parses a comma list such as {@code html,css,image} or {@code all}. */
    public static Set<ResourceType> parseList(String option, String value) {
        EnumSet<ResourceType> set = EnumSet.noneOf(ResourceType.class);
        for (String part : value.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            if (p.equals("all")) {
                set.addAll(EnumSet.allOf(ResourceType.class));
                continue;
            }
            ResourceType found = null;
            for (ResourceType t : values()) {
                if (t.id().equals(p)) {
                    found = t;
                }
            }
            if (found == null) {
                throw new ConfigException(option, "has unknown resource type \"" + part.trim()
                        + "\"; accepted: " + accepted());
            }
            set.add(found);
        }
        if (set.isEmpty()) {
            throw new ConfigException(option, "must name at least one resource type; accepted: " + accepted());
        }
        return set;
    }
}
