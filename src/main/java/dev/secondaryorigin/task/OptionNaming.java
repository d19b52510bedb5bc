package dev.secondaryorigin.task;

import java.util.Locale;

/** How a front end spells an option: {@code --max-depth}, {@code MAX_DEPTH} or {@code maxDepth}. */
public enum OptionNaming {
    FLAG {
        @Override
        public String display(String option) {
            return "--" + option;
        }
    },
    ENV {
        @Override
        public String display(String option) {
            // The table may give an option another variable name (target is SECONDARY_ORIGIN).
            OptionDef d = TaskOptions.find(option);
            return d != null ? d.envName() : envName(option);
        }
    },
    JSON {
        @Override
        public String display(String option) {
            return "\"" + jsonName(option) + "\"";
        }
    };

    public abstract String display(String option);

    public static String envName(String option) {
        return option.replace('-', '_').toUpperCase(Locale.ROOT);
    }

    public static String jsonName(String option) {
        StringBuilder b = new StringBuilder();
        boolean upper = false;
        for (char c : option.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return b.toString();
    }
}
