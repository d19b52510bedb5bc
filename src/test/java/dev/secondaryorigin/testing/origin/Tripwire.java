package dev.secondaryorigin.testing.origin;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listener that must never be contacted: it counts every connection it accepts (and drops it), so a
 * test can prove a crawled link to another local port never made the fetcher connect there.
 */
public final class Tripwire implements Closeable {
    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();

    private Tripwire(ServerSocket server) {
        this.server = server;
        Thread t = new Thread(this::acceptLoop, "tripwire-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    public static Tripwire start() throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        return new Tripwire(s);
    }

    public int port() {
        return server.getLocalPort();
    }

    public int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                connections.incrementAndGet();
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
