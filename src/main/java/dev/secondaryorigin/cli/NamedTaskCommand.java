package dev.secondaryorigin.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** What every {@code task} subcommand about one task takes: its NAME and the registry it lives in. */
abstract class NamedTaskCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The task's name.")
    String name;

    @Mixin
    RegistryOption registry;
}
