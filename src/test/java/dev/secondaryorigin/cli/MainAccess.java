package dev.secondaryorigin.cli;

import picocli.CommandLine;

import java.util.Collections;

/** Tests in other packages build the tool's command line with an empty environment (no credentials). */
public final class MainAccess {
    private MainAccess() {
    }

    public static CommandLine commandLine() {
        return Main.commandLine(Collections.emptyMap());
    }
}
