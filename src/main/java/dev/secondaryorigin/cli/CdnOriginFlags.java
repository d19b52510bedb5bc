package dev.secondaryorigin.cli;

import dev.secondaryorigin.cdn.CdnApi;
import dev.secondaryorigin.cdn.OriginAttacher;
import dev.secondaryorigin.cdn.OssOriginEndpoint;
import dev.secondaryorigin.task.TaskConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The options {@code attach-origin} and {@code detach-origin} share: which domain, which bucket, where the API is. */
final class CdnOriginFlags {
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

    /** Checks the domain (a host name) before any call: the API would only answer that it does not know it. */
    String checkedDomain() {
        return TaskConfig.hostName("domain", domain);
    }

    OssOriginEndpoint bucket() {
        return OssOriginEndpoint.parse(target, "--target");
    }

    OriginAttacher attacher(CommandSpec spec) {
        return new OriginAttacher(CdnApi.fromEnvironment(Main.environment(spec), cdnEndpoint));
    }
}
