package dev.secondaryorigin.cli;

import dev.secondaryorigin.app.Environment;
import dev.secondaryorigin.app.ExitCodes;
import dev.secondaryorigin.app.Failure;
import dev.secondaryorigin.task.OptionNaming;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The command-line tool: the same engine as the FC function, run on one machine. */
@Command(name = "cdn-secondary-origin", mixinStandardHelpOptions = true, version = "cdn-secondary-origin 0.1.0",
        description = "Keeps a servable, incremental backup of a CDN domain's primary origin "
                + "(a local directory or an OSS bucket) to use as its secondary origin.")
public final class Main implements Runnable {
    /**
     * The subcommands, in the order the usage lists them. A run builds only the one it names: picocli reads every
     * command's annotations and options as it builds it, and building all of them took about half a CPU-second of
     * every start (the whole of {@code --version}). The usage, {@code help} and an unknown name get them all.
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("sync", SyncCommand::new);
        SUBCOMMANDS.put("serve", ServeCommand::new);
        SUBCOMMANDS.put("status", StatusCommand::new);
        SUBCOMMANDS.put("verify", VerifyCommand::new);
        SUBCOMMANDS.put("prepare-bucket", PrepareBucketCommand::new);
        SUBCOMMANDS.put("invoke", InvokeCommand::new);
        SUBCOMMANDS.put("setup-role", SetupRoleCommand::new);
        SUBCOMMANDS.put("attach-origin", AttachOriginCommand::new);
        SUBCOMMANDS.put("detach-origin", DetachOriginCommand::new);
        SUBCOMMANDS.put("guard", GuardCommand::new);
        SUBCOMMANDS.put("rollback", RollbackCommand::new);
        SUBCOMMANDS.put("drill", DrillCommand::new);
        SUBCOMMANDS.put("task", TaskCommand::new);
        SUBCOMMANDS.put("scheduler", SchedulerCommand::new);
        SUBCOMMANDS.put("help", CommandLine.HelpCommand::new);
    }

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
        return execute(System.getenv(), args);
    }

    /**
     * Runs the tool in-process with {@code environment} in place of the process environment for the
     * credential variables, so a caller (a test, an embedding program) need not change its own environment.
     */
    public static int execute(Map<String, String> environment, String... args) {
        String first = args.length > 0 ? args[0] : null;
        boolean one = first != null && !first.equals("help") && SUBCOMMANDS.containsKey(first);
        return commandLine(environment, one ? Collections.singleton(first) : SUBCOMMANDS.keySet()).execute(args);
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

    /** The whole tool: every subcommand. */
    static CommandLine commandLine(Map<String, String> environment) {
        return commandLine(environment, SUBCOMMANDS.keySet());
    }

    /** The tool with the subcommands {@code names} only (each with the flags the option tables add to it). */
    private static CommandLine commandLine(Map<String, String> environment, Collection<String> names) {
        CommandLine cl = new CommandLine(new Main(environment));
        for (String name : names) {
            CommandLine sub = new CommandLine(SUBCOMMANDS.get(name).get());
            cl.addSubcommand(name, sub);
            switch (name) {
                case "sync":
                case "guard":
                    TaskFlags.addTo(sub.getCommandSpec());
                    break;
                case "status":
                case "verify":
                case "prepare-bucket":
                case "rollback":
                    StoreFlags.addTo(sub.getCommandSpec());
                    break;
                case "drill":
                    StoreFlags.addTo(sub.getCommandSpec());
                    TaskFlags.addTo(sub.getCommandSpec(), DrillCommand.FLAG_NAMES);
                    break;
                case "task":
                    TaskCommand.addFlags(sub);
                    break;
                default:
                    break;
            }
        }
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
