package dev.secondaryorigin.cli;

import dev.secondaryorigin.cdn.CdnApi;
import dev.secondaryorigin.cdn.OriginAttacher;
import dev.secondaryorigin.cdn.OssOriginEndpoint;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code detach-origin}: takes the backup bucket out of the CDN domain's origins. */
@Command(name = "detach-origin", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Removes the bucket from the CDN domain's origins, keeping the others as they are "
                + "(ModifyCdnDomain). Not attached: nothing changes."})
final class DetachOriginCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--domain", required = true, paramLabel = "HOST", description = "The CDN domain.")
    String domain;

    @Option(names = {"--target", "--secondary-origin"}, required = true, paramLabel = "BUCKET_ENDPOINT",
            description = "The bucket's public endpoint, e.g. my-backup.oss-cn-hangzhou.aliyuncs.com.")
    String target;

    @Option(names = "--dry-run", description = "Print the origins before and after, change nothing.")
    boolean dryRun;

    @Option(names = "--cdn-endpoint", paramLabel = "ENDPOINT",
            description = "CDN OpenAPI endpoint: host or http(s)://host:port. Default: cdn.aliyuncs.com. Env: CDN_ENDPOINT.")
    String cdnEndpoint;


    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        new OriginAttacher(CdnApi.fromEnvironment(Main.environment(spec), cdnEndpoint))
                .detach(domain, OssOriginEndpoint.parse(target, "--target"), dryRun, out::println);
        out.flush();
        return Main.EXIT_OK;
    }
}
