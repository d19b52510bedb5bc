package dev.secondaryorigin.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A metadata service really listening: inside a network namespace of its own (only a loopback interface, so
 * no packet can leave this machine), nginx answers on 169.254.169.254:80 and 100.100.100.200:80, and a hosts
 * file maps meta.test to 169.254.169.254. The CLI must refuse every such origin -- as a literal before any
 * work, as a name when it resolves -- and nginx must never see a request.
 */
class MetadataOriginNamespaceTest {
    @TempDir
    Path dir;

    @Test
    void metadataOriginsAreRefusedAndNeverContacted() throws Exception {
        Path hosts = dir.resolve("hosts");
        Files.write(hosts, "127.0.0.1 localhost\n169.254.169.254 meta.test\n".getBytes(StandardCharsets.UTF_8));
        Path conf = dir.resolve("nginx.conf");
        String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        Files.write(conf, (user + "worker_processes 1; daemon on; pid " + dir.resolve("nginx.pid") + ";\n"
                + "error_log " + dir.resolve("error.log") + ";\nevents {}\nhttp { access_log " + dir.resolve("access.log")
                + "; client_body_temp_path " + dir + "/b; proxy_temp_path " + dir + "/p; fastcgi_temp_path " + dir
                + "/f; uwsgi_temp_path " + dir + "/u; scgi_temp_path " + dir + "/s;\n"
                + "server { listen 169.254.169.254:80; listen 100.100.100.200:80; location / { return 200 'secret-credentials'; } } }\n")
                .getBytes(StandardCharsets.UTF_8));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cli = java + " -cp '" + System.getProperty("java.class.path") + "' dev.secondaryorigin.cli.Main";
        String script = String.join("\n",
                "set -u",
                "ip link set lo up",
                "ip addr add 169.254.169.254/32 dev lo",
                "ip addr add 100.100.100.200/32 dev lo",
                "mount --bind '" + hosts + "' /etc/hosts",
                "nginx -c '" + conf + "' -p '" + dir + "' || exit 90",
                // Proves the listener works: a request from curl-less bash reaches it.
                "exec 3<>/dev/tcp/169.254.169.254/80 && printf 'GET /probe HTTP/1.0\\r\\n\\r\\n' >&3 && cat <&3 > '"
                        + dir.resolve("probe.txt") + "'; exec 3>&-",
                "for o in http://169.254.169.254/ http://2852039166/ http://0xA9FEA9FE/ 'http://[::ffff:169.254.169.254]/'"
                        + " http://100.100.100.200/ http://meta.test/; do",
                "  " + cli + " sync --origin \"$o\" --target '" + dir.resolve("backup") + "' --retries 0 --quiet"
                        + " > '" + dir + "/out.txt' 2>&1; echo \"$o $?\" >> '" + dir.resolve("codes.txt") + "'",
                "  cat '" + dir + "/out.txt' >> '" + dir.resolve("messages.txt") + "'",
                "done",
                "kill $(cat '" + dir.resolve("nginx.pid") + "')");
        Process p = new ProcessBuilder("unshare", "-n", "-m", "bash", "-c", script)
                .redirectErrorStream(true).redirectOutput(dir.resolve("unshare.log").toFile()).start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "namespace script finished");
        String log = new String(Files.readAllBytes(dir.resolve("unshare.log")), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "unshare (needs root and iproute2): " + log);
        assertTrue(new String(Files.readAllBytes(dir.resolve("probe.txt")), StandardCharsets.UTF_8)
                .contains("secret-credentials"), "the fake metadata service answers inside the namespace");

        String codes = new String(Files.readAllBytes(dir.resolve("codes.txt")), StandardCharsets.UTF_8);
        String messages = new String(Files.readAllBytes(dir.resolve("messages.txt")), StandardCharsets.UTF_8);
        for (String literal : new String[]{"http://169.254.169.254/ 2", "http://2852039166/ 2", "http://0xA9FEA9FE/ 2",
                "http://[::ffff:169.254.169.254]/ 2", "http://100.100.100.200/ 2"}) {
            assertTrue(codes.contains(literal), "refused before any work (exit 2): " + literal + "\n" + codes + messages);
        }
        assertTrue(codes.contains("http://meta.test/ 1"), "a name resolving to it is refused at connect time: "
                + codes + messages);
        assertTrue(messages.contains("must not be a link-local address"), messages);
        assertTrue(messages.contains("refused origin meta.test: it resolves to 169.254.169.254"), messages);
        assertFalse(messages.contains("secret-credentials"), messages);
        String access = new String(Files.readAllBytes(dir.resolve("access.log")), StandardCharsets.UTF_8);
        assertEquals(1, access.lines().count(), "only the probe reached the metadata listener: " + access);
        assertFalse(Files.exists(dir.resolve("backup/index.html")));
    }
}
