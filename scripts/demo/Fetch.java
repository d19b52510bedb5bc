import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;

/**
 * A tiny HTTP GET for the demo script (compiled by it with javac; not part of the jar), so the demo needs
 * nothing but the JDK: prints
 * {@code STATUS CONTENT-TYPE BYTES URL}, or the body with {@code --body}.
 */
public final class Fetch {
    private Fetch() {
    }

    public static void main(String[] args) throws IOException {
        boolean body = args.length > 1 && args[0].equals("--body");
        String url = args[args.length - 1];
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setConnectTimeout(3000);
        c.setReadTimeout(10000);
        c.setInstanceFollowRedirects(false);
        try {
            int status = c.getResponseCode();
            InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
            byte[] bytes = in == null ? new byte[0] : in.readAllBytes();
            if (body) {
                System.out.write(bytes);
                System.out.flush();
            } else {
                System.out.printf("%d %-24s %7d bytes  %s%n", status, c.getContentType(), bytes.length, url);
            }
        } catch (IOException e) {
            System.out.println("ERR " + e.getClass().getSimpleName() + ": " + e.getMessage() + "  " + url);
            System.exit(1);
        }
    }
}
