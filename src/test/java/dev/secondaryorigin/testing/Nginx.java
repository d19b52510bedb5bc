package dev.secondaryorigin.testing;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real nginx for integration tests: started from a config written to a temp dir on a free loopback
 * port, stopped by its pid. {@code scripts/test.sh} installs nginx; a test that needs it fails (never
 * skips) when it is missing.
 */
public final class Nginx implements Closeable {
    private final Path dir;
    private final int port;
    private final long pid;
    private int generation;

    private Nginx(Path dir, int port, long pid) {
        this.dir = dir;
        this.port = port;
        this.pid = pid;
    }

    /** Serves {@code root} as a static site; requests for any other Host than {@code serverName} get 421. */
    public static Nginx serveStatic(Path root, String serverName) throws IOException {
        return start("server { listen 127.0.0.1:%PORT% default_server; return 421; }\n"
                + "server { listen 127.0.0.1:%PORT%; server_name " + serverName + " 127.0.0.1; root "
                + root.toAbsolutePath() + "; index index.html; }\n");
    }

    /** Starts nginx with {@code servers} inside its http block; {@code %PORT%} becomes the chosen port. */
    public static Nginx start(String servers) throws IOException {
        String bin = binary();
        Path dir = Files.createTempDirectory("nginx-test");
        int port = freePort();
        Path confFile = dir.resolve("nginx.conf");
        Files.write(confFile, config(dir, port, servers).getBytes(StandardCharsets.UTF_8));
        Process p = new ProcessBuilder(bin, "-c", confFile.toString(), "-p", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("start.log").toFile()).start();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("nginx did not start: " + new String(Files.readAllBytes(dir.resolve("start.log")),
                        StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        long pid = Long.parseLong(new String(Files.readAllBytes(dir.resolve("nginx.pid")), StandardCharsets.UTF_8).trim());
        Nginx n = new Nginx(dir, port, pid);
        n.awaitListening();
        return n;
    }

    private static String config(Path dir, int port, String servers) {
        // Workers must read temp dirs made with owner-only permissions.
        String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        return user + "worker_processes 1;\ndaemon on;\npid " + dir.resolve("nginx.pid") + ";\nerror_log "
                + dir.resolve("error.log") + " warn;\n"
                + (Files.exists(Paths.get("/usr/lib/nginx/modules/ngx_http_echo_module.so"))
                ? "load_module /usr/lib/nginx/modules/ngx_http_echo_module.so;\n" : "")
                + "events { worker_connections 1024; }\nhttp {\n  include /etc/nginx/mime.types;\n"
                + "  default_type application/octet-stream;\n  access_log " + dir.resolve("access.log") + ";\n"
                + "  client_body_temp_path " + dir + "/body; proxy_temp_path " + dir + "/proxy;\n"
                + "  fastcgi_temp_path " + dir + "/fcgi; uwsgi_temp_path " + dir + "/uwsgi; scgi_temp_path " + dir + "/scgi;\n"
                + "  keepalive_requests 100000;\n"
                + servers.replace("%PORT%", Integer.toString(port)) + "}\n";
    }

    /**
     * Replaces the servers of this nginx (same port, same master process, {@code nginx -s reload}) and returns
     * once only the new configuration answers (the new one answers and every worker of the old one has exited),
     * so an origin can turn into another one between two passes without the task's {@code --origin} changing.
     */
    public void reload(String servers) throws IOException {
        generation++;
        String marker = "nginx-generation-" + generation + ".test";
        String body = "generation " + generation;
        Path confFile = dir.resolve("nginx.conf");
        Files.write(confFile, config(dir, port, servers + "server { listen 127.0.0.1:%PORT%; server_name " + marker
                + "; location / { return 200 \"" + body + "\"; } }\n").getBytes(StandardCharsets.UTF_8));
        // Old workers keep accepting for a while after a reload (the master gives new ones 100 ms to start before
        // it tells the old ones to quit): the switch is done once every worker of before the reload is gone.
        java.util.List<ProcessHandle> oldWorkers = workers();
        Path log = dir.resolve("reload.log");
        Process p = new ProcessBuilder(binary(), "-s", "reload", "-c", confFile.toString(), "-p", dir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("nginx -s reload failed: " + new String(Files.readAllBytes(log),
                        StandardCharsets.UTF_8) + errorLog());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        long until = System.currentTimeMillis() + 15_000;
        while (oldWorkers.stream().anyMatch(ProcessHandle::isAlive) || !body.equals(probe(marker))) {
            if (System.currentTimeMillis() > until) {
                throw new IOException("nginx did not switch to the reloaded configuration: " + errorLog());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    private java.util.List<ProcessHandle> workers() {
        return ProcessHandle.of(pid).map(h -> h.children().collect(java.util.stream.Collectors.toList()))
                .orElse(java.util.Collections.emptyList());
    }

    /** The body of {@code GET /} with {@code Host: host} on a fresh connection, or null on any error. */
    private String probe(String host) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(2000);
            s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String r = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int end = r.indexOf("\r\n\r\n");
            return r.startsWith("HTTP/1.1 200") && end >= 0 ? r.substring(end + 4) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String binary() throws IOException {
        for (String c : new String[]{"/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"}) {
            if (Files.isExecutable(Paths.get(c))) {
                return c;
            }
        }
        throw new IOException("nginx is not installed; run scripts/test.sh, which installs it");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitListening() throws IOException {
        long until = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < until) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IOException("nginx is not listening on " + port);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    /** Lines in the access log so far (requests nginx served). */
    public long accessLogLines() throws IOException {
        Path log = dir.resolve("access.log");
        if (!Files.exists(log)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(log)) {
            return lines.count();
        }
    }

    /** The access log file (may not exist before the first request). */
    public Path accessLog() {
        return dir.resolve("access.log");
    }

    public String errorLog() throws IOException {
        Path log = dir.resolve("error.log");
        return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
    }

    /** Stops nginx (by pid) and waits until its master process is gone. */
    public void stop() {
        ProcessHandle.of(pid).ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        });
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Temp files only.
        }
    }
}
