package dev.secondaryorigin.crawl;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback listener that counts the connections made to it: the place a test's external XML entities
 * point at, so "nothing was fetched" is a count of zero (and no traffic ever leaves 127.0.0.1).
 */
final class EntityTrap implements AutoCloseable {
    private final ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    EntityTrap() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    connections.incrementAndGet();
                } catch (SocketException e) {
                    return;
                } catch (IOException e) {
                    // keep counting
                }
            }
        }, "entity-trap");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    /** Connections so far (after a short wait for any in flight). */
    int connections() throws InterruptedException {
        Thread.sleep(100);
        return connections.get();
    }

    @Override
    public void close() throws Exception {
        socket.close();
        acceptor.join(5000);
    }
}
