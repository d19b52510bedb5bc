package dev.secondaryorigin.cli;

import dev.secondaryorigin.app.ExitCodes;
import dev.secondaryorigin.cdn.RamPermissions;
import dev.secondaryorigin.cdn.RoleSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code setup-role}: creates the RAM role the function runs as, idempotently; or prints a ready policy. */
@Command(name = "setup-role", mixinStandardHelpOptions = true,
        description = {"Creates the RAM role " + RoleSetup.ROLE_NAME + " (trusted by Function Compute) and attaches "
                + "AliyunFCFullAccess and AliyunOSSFullAccess, as the CDN console does, plus the custom policy "
                + RoleSetup.CDN_POLICY_NAME + " with the CDN calls of warm-up, URL sources and the guard; with "
                + "--least-privilege BUCKET, one custom policy scoped to that bucket instead. An existing role is "
                + "reported, not recreated.",
                "--print-policy prints a policy ready to paste into the RAM console and calls nothing.",
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

    @Option(names = "--domain", paramLabel = "DOMAIN", defaultValue = "*",
            description = "Scope the CDN calls to this CDN domain. Default: every domain of the account (*).")
    String domain;

    @Option(names = "--print-policy",
            description = "Print the policy document for --features (default: runtime, what the function needs) "
                    + "on --bucket and --domain, and exit; no call is made.")
    boolean printPolicy;

    @Option(names = "--bucket", paramLabel = "NAME", description = "With --print-policy: the backup bucket.")
    String policyBucket;

    @Option(names = "--features", paramLabel = "LIST", defaultValue = "runtime",
            description = "With --print-policy: runtime, or a comma-separated list of sync, state, warmup, top-urls, "
                    + "cdn-logs, guard, function-logs, attach, prepare-bucket, setup-role, dispatcher. Default: ${DEFAULT-VALUE}.")
    String features;

    @Option(names = "--ram-endpoint", paramLabel = "ENDPOINT",
            description = "RAM endpoint: host or http(s)://host:port. Default: RAM_ENDPOINT, else ram.aliyuncs.com.")
    String endpoint;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        // Every option is checked before the first call (and before credentials are looked for).
        java.util.Set<dev.secondaryorigin.cdn.RamPermissions.Feature> featureSet = RamPermissions.parseFeatures(features);
        RamPermissions.checkDomain(domain);
        if (printPolicy) {
            String b = policyBucket != null ? policyBucket : bucket;
            out.print(RamPermissions.checkedPolicy(featureSet, b, domain));
            out.flush();
            return ExitCodes.OK;
        }
        if (policyBucket != null) {
            throw new IllegalArgumentException("--bucket goes with --print-policy; to create the role limited to a "
                    + "bucket use --least-privilege " + policyBucket);
        }
        if (bucket != null) {
            RoleSetup.leastPrivilegePolicyName(bucket); // refuses a bad bucket name before any call
        }
        RoleSetup.Report report = RoleSetup.fromEnvironment(Main.environment(spec), endpoint).run(dryRun, bucket, domain,
                line -> {
                    out.println(line);
                    out.flush();
                });
        for (String w : report.warnings()) {
            out.println("warning: " + w);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
