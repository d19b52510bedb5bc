package dev.secondaryorigin.task;

import java.util.Objects;

/**
 * One task option: its canonical name (the CLI flag without dashes), the environment variable that
 * sets it in Function Compute, its default and its documentation. {@link TaskOptions#ALL} is the single
 * table every front end (CLI, FC environment, JSON payload, README) is generated from.
 */
public final class OptionDef {
    private final String name;
    private final String env;
    private final String label;
    private final String defaultValue;
    private final boolean repeatable;
    private final boolean bool;
    private final String description;
    private final boolean tuning;

    private OptionDef(String name, String env, String label, String defaultValue, boolean repeatable,
                      boolean bool, String description) {
        this(name, env, label, defaultValue, repeatable, bool, description, false);
    }

    private OptionDef(String name, String env, String label, String defaultValue, boolean repeatable,
                      boolean bool, String description, boolean tuning) {
        this.tuning = tuning;
        this.name = Objects.requireNonNull(name);
        this.env = env;
        this.label = label;
        this.defaultValue = defaultValue;
        this.repeatable = repeatable;
        this.bool = bool;
        this.description = description;
    }

    static OptionDef value(String name, String label, String defaultValue, String description) {
        return new OptionDef(name, OptionNaming.envName(name), label, defaultValue, false, false, description);
    }

    static OptionDef list(String name, String label, String defaultValue, String description) {
        return new OptionDef(name, OptionNaming.envName(name), label, defaultValue, true, false, description);
    }

    static OptionDef flag(String name, String description) {
        return new OptionDef(name, OptionNaming.envName(name), null, "false", false, true, description);
    }

    OptionDef env(String envName) {
        return new OptionDef(name, envName, label, defaultValue, repeatable, bool, description, tuning);
    }

    /** Marks an option that only tunes one pass, so an event or HTTP request may set it for one run. */
    OptionDef tuning() {
        return new OptionDef(name, env, label, defaultValue, repeatable, bool, description, true);
    }

    /**
     * True when an event (timer payload, direct invoke, HTTP body) may set it for one run. The others -- what
     * the task backs up, from where, to where, with which credentials and safety settings -- come only from
     * the deployment's configuration.
     */
    public boolean tunesAPass() {
        return tuning;
    }

    public String name() {
        return name;
    }

    /** Environment variable read by the FC function (repeatable options take a comma or newline list). */
    public String envName() {
        return env;
    }

    public String label() {
        return label;
    }

    /** The default as the user would type it, or null when there is none. */
    public String defaultValue() {
        return defaultValue;
    }

    public boolean repeatable() {
        return repeatable;
    }

    public boolean isBoolean() {
        return bool;
    }

    public String description() {
        return description;
    }
}
