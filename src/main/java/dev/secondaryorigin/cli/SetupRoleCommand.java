package dev.secondaryorigin.cli;

import dev.secondaryorigin.cdn.RoleSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code setup-role}: creates the RAM role the function runs as, idempotently. */
@Command(name = "setup-role", mixinStandardHelpOptions = true,
        description = {"Creates the RAM role " + RoleSetup.ROLE_NAME + " (trusted by Function Compute) and attaches "
                + "AliyunFCFullAccess and AliyunOSSFullAccess, as the CDN console does; with --least-privilege BUCKET, "
                + "a custom policy scoped to that bucket instead. An existing role is reported, not recreated.",
                "Credentials: ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET "
                        + "[/ ALIBABA_CLOUD_SECURITY_TOKEN]."})
final class SetupRoleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dry-run", description = "Show the calls that would change something; make none.")
    boolean dryRun;

    @Option(names = "--least-privilege", paramLabel = "BUCKET",
            description = "Attach a custom policy allowing only this bucket instead of the full-access policies.")
    String bucket;

    @Option(names = "--ram-endpoint", paramLabel = "ENDPOINT",
            description = "RAM endpoint: host or http(s)://host:port. Default: RAM_ENDPOINT, else ram.aliyuncs.com.")
    String endpoint;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (bucket != null) {
            RoleSetup.leastPrivilegePolicyName(bucket); // refuses a bad bucket name before any call
        }
        RoleSetup.Report report = RoleSetup.fromEnvironment(Main.environment(spec), endpoint).run(dryRun, bucket, line -> {
            out.println(line);
            out.flush();
        });
        for (String w : report.warnings()) {
            out.println("warning: " + w);
        }
        out.flush();
        return Main.EXIT_OK;
    }
}
