package dev.secondaryorigin.cli;

import dev.secondaryorigin.fc.FunctionEnvironment;
import dev.secondaryorigin.fc.LocalContext;
import dev.secondaryorigin.fc.SyncFunction;
import dev.secondaryorigin.task.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/** {@code invoke}: runs the FC handler on this machine with a local context, to try events without deploying. */
@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = {"Runs the Function Compute handler locally on an event file (timer, HTTP trigger, "
                + "direct invoke or CDN event; samples in scripts/events/) and prints its response.",
                "The task comes from the environment (ORIGIN, SECONDARY_ORIGIN, ...), overlaid with --env-file. "
                        + "SECONDARY_ORIGIN may be a local directory; OSS_ENDPOINT may be http://host:port."})
final class InvokeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--event", required = true, paramLabel = "FILE", description = "Event file (JSON, or raw bytes).")
    Path event;

    @Option(names = "--env-file", paramLabel = "FILE", description = "KEY=VALUE lines added to the environment "
            + "(# comments and blank lines ignored).")
    Path envFile;

    @Option(names = "--time-limit", defaultValue = "900", paramLabel = "SECONDS",
            description = "The invocation's time limit, as the function's timeout. Default: ${DEFAULT-VALUE}.")
    int timeLimit;

    @Override
    public Integer call() throws Exception {
        if (Files.isDirectory(event)) {
            throw new ConfigException("event", "\"" + event + "\" is a directory; give an event file (samples in "
                    + "scripts/events/)");
        }
        if (!Files.isRegularFile(event) || !Files.isReadable(event)) {
            throw new ConfigException("event", "file \"" + event + "\" cannot be read");
        }
        if (timeLimit < 1 || timeLimit > 86_400) {
            throw new ConfigException("time-limit", "must be from 1 to 86400 seconds, got " + timeLimit);
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (envFile != null) {
            Map<String, String> fromFile = readEnvFile(envFile);
            for (FunctionEnvironment.NearMiss m : FunctionEnvironment.nearMisses(fromFile.keySet())) {
                err.println("warning: --env-file " + envFile + ": " + m.message());
            }
            err.flush();
            env.putAll(fromFile);
        }
        LocalContext ctx = new LocalContext("local-" + UUID.randomUUID(), timeLimit * 1000, env, line -> {
            synchronized (err) {
                err.println(line);
                err.flush();
            }
        });
        byte[] response = new SyncFunction(env).invoke(Files.readAllBytes(event), ctx);
        out.println(new String(response, StandardCharsets.UTF_8));
        out.flush();
        HandlerAnswer answer = HandlerAnswer.of(response);
        if (answer.isError()) {
            err.println("error: the handler answered " + answer.describe());
            err.flush();
        }
        return answer.exitCode();
    }

    /** The file's lines; bytes that are not UTF-8 are an error naming the line, not a decoder's exception. */
    private static List<String> utf8Lines(Path file) throws java.io.IOException {
        byte[] bytes = Files.readAllBytes(file);
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer text = java.nio.CharBuffer.allocate(bytes.length + 1);
        java.nio.charset.CoderResult r = decoder.decode(in, text, true);
        if (r.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new ConfigException("env-file", "line " + line + " of " + file + " is not UTF-8 text (byte offset "
                    + in.position() + "); save the file as UTF-8");
        }
        text.flip();
        return java.util.Arrays.asList(text.toString().split("\\r?\\n", -1));
    }

    static Map<String, String> readEnvFile(Path file) throws java.io.IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConfigException("env-file", "file \"" + file + "\" cannot be read"
                    + (Files.isDirectory(file) ? ": it is a directory" : ""));
        }
        Map<String, String> env = new HashMap<>();
        List<String> lines = utf8Lines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring(7).trim();
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("env-file", "line " + (i + 1) + " of " + file + " is not KEY=VALUE");
            }
            String value = line.substring(eq + 1).trim();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            env.put(line.substring(0, eq).trim(), value);
        }
        return env;
    }
}
