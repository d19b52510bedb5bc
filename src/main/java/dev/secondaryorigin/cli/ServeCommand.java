package dev.secondaryorigin.cli;

import dev.secondaryorigin.store.LocalStore;
import dev.secondaryorigin.store.ObjectStores;
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

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new dev.secondaryorigin.task.ConfigException("port", "must be from 0 to 65535, got " + port);
        }
        if (ObjectStores.isOss(target) || !java.nio.file.Files.isDirectory(java.nio.file.Paths.get(target))) {
            throw new dev.secondaryorigin.task.ConfigException("target", "must be an existing backup directory, got \""
                    + target + "\"");
        }
        LocalStore store = ObjectStores.openLocal(target);
        BackupServer server = new BackupServer(store, bind, port);
        server.start();
        System.err.println("serving " + store.root() + " on http://" + bind + ":" + server.port() + "/");
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        forever.await();
        return 0;
    }
}
