package dev.secondaryorigin.cli;

import dev.secondaryorigin.app.DrillTask;
import dev.secondaryorigin.store.ObjectStores;
import java.io.IOException;

/**
 * Serves a local target on a loopback port while {@code drill} runs, with the server {@code serve} runs. Reaches
 * into {@code store} like {@link BackupServer}; it moves with it to the origin server's own package.
 */
final class InProcessBackup implements DrillTask.LocalServer {
    @Override
    public DrillTask.Served serve(String directory) throws IOException {
        BackupServer server = new BackupServer(ObjectStores.openLocal(directory), "127.0.0.1", 0);
        server.start();
        return new DrillTask.Served() {
            @Override
            public String base() {
                return "http://127.0.0.1:" + server.port() + "/";
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }
}
