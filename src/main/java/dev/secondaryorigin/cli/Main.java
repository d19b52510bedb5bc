package dev.secondaryorigin.cli;

import dev.secondaryorigin.task.ConfigException;
import dev.secondaryorigin.task.OptionNaming;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command-line tool: the same engine as the FC function, run on one machine. */
@Command(name = "cdn-secondary-origin", mixinStandardHelpOptions = true, version = "cdn-secondary-origin 0.1.0",
        description = "Keeps a servable, incremental backup of a CDN domain's primary origin "
                + "(a local directory or an OSS bucket) to use as its secondary origin.",
        subcommands = {SyncCommand.class, ServeCommand.class, StatusCommand.class, VerifyCommand.class,
                PrepareBucketCommand.class, InvokeCommand.class, SetupRoleCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit codes shared by every command. */
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_INCOMPLETE = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the tool in-process and returns its exit code (tests use this). */
    public static int execute(String... args) {
        CommandLine cl = commandLine();
        return cl.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        TaskFlags.addTo(cl.getSubcommands().get("sync").getCommandSpec());
        StoreFlags.addTo(cl.getSubcommands().get("status").getCommandSpec());
        StoreFlags.addTo(cl.getSubcommands().get("verify").getCommandSpec());
        StoreFlags.addTo(cl.getSubcommands().get("prepare-bucket").getCommandSpec());
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("error: " + ex.getMessage());
            c.getErr().println("See '" + c.getCommandSpec().qualifiedName() + " --help'.");
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (ex instanceof ConfigException) {
                c.getErr().println("error: " + ((ConfigException) ex).messageFor(OptionNaming.FLAG));
                return EXIT_BAD_INPUT;
            }
            // Our own exceptions carry a message meant for the user; anything else is shown with its type.
            boolean ours = ex instanceof java.io.IOException || ex.getClass().getName().startsWith("dev.secondaryorigin.");
            c.getErr().println("error: " + (ours && ex.getMessage() != null ? ex.getMessage() : ex.toString()));
            return EXIT_FAILURE;
        });
        return cl;
    }
}
