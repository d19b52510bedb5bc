package dev.secondaryorigin.cli;

import dev.secondaryorigin.app.DrillTask;
import dev.secondaryorigin.serve.BackupServer;
import java.io.IOException;

/**
 * Serves a local target on a loopback port while {@code drill} runs, with the server {@code serve} runs.
 */
final class InProcessBackup implements DrillTask.LocalServer {
    @Override
    public DrillTask.Served serve(String directory) throws IOException {
        BackupServer server = BackupServer.forDirectory(directory, "127.0.0.1", 0);
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
