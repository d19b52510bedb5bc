package dev.secondaryorigin.cli;

import com.google.gson.JsonObject;
import dev.secondaryorigin.sync.PassListener;
import dev.secondaryorigin.sync.PassStats;

import java.io.PrintWriter;
import java.time.Instant;

/** Shows a running pass: one rewritten status line on a terminal, a plain line every 5 s otherwise. */
final class Progress implements PassListener {
    private final PrintWriter err;
    private final boolean quiet;
    private final boolean json;
    private final boolean terminal;
    private final long started = System.currentTimeMillis();
    private long lastLine;
    private boolean wroteBar;

    Progress(PrintWriter err, boolean quiet, boolean json, boolean terminal) {
        this.err = err;
        this.quiet = quiet;
        this.json = json;
        this.terminal = terminal;
    }

    @Override
    public synchronized void progress(PassStats s) {
        if (quiet || json) {
            return;
        }
        long now = System.currentTimeMillis();
        String line = String.format("%5ds  %d/%d URLs  %d stored  %d unchanged  %d not modified  %d failed  %s",
                (now - started) / 1000, s.done(), s.discovered(), s.stored(), s.unchanged() , s.notModified(),
                s.failed(), Summary.bytes(s.bytesFetched()) + " fetched");
        if (terminal) {
            err.print("\r" + line + "\u001b[K");
            wroteBar = true;
            err.flush();
        } else if (now - lastLine >= 5000) {
            lastLine = now;
            err.println(line);
            err.flush();
        }
    }

    @Override
    public synchronized void failure(String path, String kind, String message) {
        if (json) {
            JsonObject o = new JsonObject();
            o.addProperty("time", Instant.now().toString());
            o.addProperty("event", "failure");
            o.addProperty("url", path);
            o.addProperty("kind", kind);
            o.addProperty("message", message);
            err.println(o);
            err.flush();
        }
    }

    synchronized void finish() {
        if (wroteBar) {
            err.println();
            err.flush();
        }
    }
}
