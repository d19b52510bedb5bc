package dev.secondaryorigin.cli;

import dev.secondaryorigin.serve.BackupServer;
import dev.secondaryorigin.task.ConfigException;
import dev.secondaryorigin.task.TaskConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code serve}: the local backup as an HTTP origin (what the demo fails over to). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serves a local backup directory as an HTTP origin, with the stored headers, "
                + "index documents, conditional GET and ranges; never serves .secondary-origin/.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = {"--target", "--secondary-origin"}, paramLabel = "DIR", defaultValue = "backup",
            description = "Backup directory. Default: ${DEFAULT-VALUE}.")
    String target;

    @Option(names = "--port", defaultValue = "8081", description = "Port. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
    String bind;

    /**
     * The listen address must be a literal address or a host name that resolves, checked before the server
     * starts. A malformed name is refused without asking DNS.
     */
    private static void checkBind(String bind) {
        String b = bind.trim();
        boolean literal = b.matches("[0-9.]+") || b.contains(":");
        if (!literal) {
            TaskConfig.hostName("bind", b);
        } else if (!b.contains(":") && !b.matches("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)")) {
            throw new ConfigException("bind", "must be an IPv4 address such as 127.0.0.1, an IPv6 address or a host "
                    + "name, got \"" + bind + "\"");
        }
        try {
            java.net.InetAddress.getByName(b.startsWith("[") ? b.substring(1, b.length() - 1) : b);
        } catch (java.net.UnknownHostException e) {
            throw new ConfigException("bind", "\"" + bind + "\" is not an address of this machine and does not "
                    + "resolve (use 127.0.0.1, 0.0.0.0 or one of its interfaces' addresses)");
        }
    }

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new dev.secondaryorigin.task.ConfigException("port", "must be from 0 to 65535, got " + port);
        }
        BackupServer.checkDirectory(target);
        checkBind(bind);
        BackupServer server;
        try {
            server = BackupServer.forDirectory(target, bind, port);
        } catch (java.net.BindException e) {
            String why = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (why.contains("assign")) {
                throw new ConfigException("bind", "\"" + bind + "\" is not an address of this machine "
                        + "(use 127.0.0.1, 0.0.0.0 or one of its interfaces' addresses)");
            }
            if (why.contains("in use")) {
                throw new ConfigException("port", port + " is already in use on " + bind
                        + "; choose another port, or 0 for any free one");
            }
            throw new ConfigException("port", "cannot listen on " + bind + ":" + port + " (" + e.getMessage()
                    + "); ports below 1024 need root, 0 takes any free one");
        }
        server.start();
        System.err.println("serving " + server.root() + " on http://" + bind + ":" + server.port() + "/");
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        forever.await();
        return 0;
    }
}
