package dev.secondaryorigin.tasks;

/** A registry document that is not a valid task; the message starts with the task's name. */
public final class CorruptTaskException extends Exception {
    private final String name;
    private final String problem;

    public CorruptTaskException(String name, String problem) {
        super("task \"" + name + "\" " + problem, null, false, false);
        this.name = name;
        this.problem = problem;
    }

    /** What is wrong, without the name. */
    public String problem() {
        return problem;
    }

    public String name() {
        return name;
    }
}
