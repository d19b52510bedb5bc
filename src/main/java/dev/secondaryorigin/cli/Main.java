package dev.secondaryorigin.cli;

import dev.secondaryorigin.app.Environment;
import dev.secondaryorigin.app.ExitCodes;
import dev.secondaryorigin.app.Failure;
import dev.secondaryorigin.task.OptionNaming;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** The command-line tool: the same engine as the FC function, run on one machine. */
@Command(name = "cdn-secondary-origin", mixinStandardHelpOptions = true, version = "cdn-secondary-origin 0.1.0",
        description = "Keeps a servable, incremental backup of a CDN domain's primary origin "
                + "(a local directory or an OSS bucket) to use as its secondary origin.",
        subcommands = {SyncCommand.class, ServeCommand.class, StatusCommand.class, VerifyCommand.class,
                PrepareBucketCommand.class, InvokeCommand.class, SetupRoleCommand.class,
                AttachOriginCommand.class, DetachOriginCommand.class, GuardCommand.class, RollbackCommand.class, DrillCommand.class,
                TaskCommand.class, SchedulerCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where OSS credentials ({@code ALIBABA_CLOUD_*}) are read from: the process environment, or a test's own map. */
    private final Map<String, String> environment;

    Main(Map<String, String> environment) {
        this.environment = Collections.unmodifiableMap(new HashMap<>(environment));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the tool in-process and returns its exit code (tests use this). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /**
     * Runs the tool in-process with {@code environment} in place of the process environment for the
     * credential variables, so a caller (a test, an embedding program) need not change its own environment.
     */
    public static int execute(Map<String, String> environment, String... args) {
        return commandLine(environment).execute(args);
    }

    /** The environment of the tool that {@code spec} (any of its commands) belongs to. */
    static Map<String, String> environment(CommandLine.Model.CommandSpec spec) {
        Object root = spec.root().userObject();
        return root instanceof Main ? ((Main) root).environment : System.getenv();
    }

    /** The same, as the use cases take it. */
    static Environment env(CommandLine.Model.CommandSpec spec) {
        return Environment.of(environment(spec));
    }

    static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    static CommandLine commandLine(Map<String, String> environment) {
        CommandLine cl = new CommandLine(new Main(environment));
        TaskFlags.addTo(cl.getSubcommands().get("sync").getCommandSpec());
        TaskFlags.addTo(cl.getSubcommands().get("guard").getCommandSpec());
        StoreFlags.addTo(cl.getSubcommands().get("status").getCommandSpec());
        StoreFlags.addTo(cl.getSubcommands().get("verify").getCommandSpec());
        StoreFlags.addTo(cl.getSubcommands().get("prepare-bucket").getCommandSpec());
        StoreFlags.addTo(cl.getSubcommands().get("rollback").getCommandSpec());
        StoreFlags.addTo(cl.getSubcommands().get("drill").getCommandSpec());
        TaskFlags.addTo(cl.getSubcommands().get("drill").getCommandSpec(), DrillCommand.FLAG_NAMES);
        TaskCommand.addFlags(cl.getSubcommands().get("task"));
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("error: " + ex.getMessage());
            c.getErr().println("See '" + c.getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            Failure f = Failure.of(ex, OptionNaming.FLAG);
            c.getErr().println("error: " + f.message());
            return ExitCodes.of(f.kind());
        });
        return cl;
    }
}
