package dev.secondaryorigin.cli;

import dev.secondaryorigin.app.ExitCodes;
import dev.secondaryorigin.cdn.OriginAttacher;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code attach-origin}: adds the backup bucket to the CDN domain's origins as the secondary origin. */
@Command(name = "attach-origin", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Adds the bucket's public OSS endpoint to the CDN domain's origins as an OSS origin with "
                + "secondary priority (30), keeping every existing origin as it is (DescribeCdnDomainDetail, "
                + "then ModifyCdnDomain). Already attached: nothing changes.",
                "Credentials: ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET "
                        + "(and ALIBABA_CLOUD_SECURITY_TOKEN).",
                "Exit codes: 0 done or nothing to do, 2 bad input or refused, 1 API failure."})
final class AttachOriginCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CdnOriginFlags cdn;

    @Option(names = "--port", defaultValue = "443", paramLabel = "443|80",
            description = "Port the CDN uses towards the bucket (443 = HTTPS). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--weight", defaultValue = "10", paramLabel = "N",
            description = "Weight of the bucket among origins of the same priority. Default: ${DEFAULT-VALUE}.")
    int weight;

    @Option(names = "--private-bucket", description = "Also turn on private-bucket back-to-origin (l2_oss_key), "
            + "so the bucket need not be public-read.")
    boolean privateBucket;


    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        OriginAttacher.Request r = new OriginAttacher.Request(cdn.checkedDomain(), cdn.bucket())
                .port(port).weight(weight).dryRun(cdn.dryRun).privateBucket(privateBucket);
        cdn.attacher(spec).attach(r, out::println);
        out.flush();
        return ExitCodes.OK;
    }
}
