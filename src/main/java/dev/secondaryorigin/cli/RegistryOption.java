package dev.secondaryorigin.cli;

import picocli.CommandLine.Option;

/** {@code --registry}: where the task documents live. */
final class RegistryOption {
    @Option(names = "--registry", paramLabel = "DIR|oss://BUCKET/PREFIX/",
            description = "Task registry: a directory or an OSS location (oss://bucket/prefix/ or a bucket endpoint "
                    + "with a prefix). Default: $REGISTRY, else ./tasks.")
    String location;
}
