package dev.secondaryorigin.cli;

import dev.secondaryorigin.app.ExitCodes;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code detach-origin}: takes the backup bucket out of the CDN domain's origins. */
@Command(name = "detach-origin", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Removes the bucket from the CDN domain's origins, keeping the others as they are "
                + "(ModifyCdnDomain). Not attached: nothing changes."})
final class DetachOriginCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CdnOriginFlags cdn;


    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String domain = cdn.checkedDomain();
        dev.secondaryorigin.cdn.OssOriginEndpoint bucket = cdn.bucket();
        cdn.attacher(spec).detach(domain, bucket, cdn.dryRun, out::println);
        out.flush();
        return ExitCodes.OK;
    }
}
