package dev.secondaryorigin.task;

/**
 * A task option that is missing or malformed. Carries the option's canonical name so each
 * front end (CLI flag, environment variable, JSON field) can name it the way the user wrote it.
 */
public final class ConfigException extends RuntimeException {
    private final String option;
    private final String problem;

    public ConfigException(String option, String problem) {
        super(option == null ? problem : "--" + option + " " + problem);
        this.option = option;
        this.problem = problem;
    }

    /** Canonical option name (e.g. {@code max-depth}), or null for a problem spanning options. */
    public String option() {
        return option;
    }

    /** What is wrong and what is accepted, without the option name. */
    public String problem() {
        return problem;
    }

    /** The message with the option named as {@code naming} spells it (e.g. {@code MAX_DEPTH}). */
    public String messageFor(OptionNaming naming) {
        return option == null ? problem : naming.display(option) + " " + problem;
    }
}
