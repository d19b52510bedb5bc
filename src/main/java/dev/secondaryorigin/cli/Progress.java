package dev.secondaryorigin.cli;

import dev.secondaryorigin.log.EventLog;
import dev.secondaryorigin.sync.PassListener;
import dev.secondaryorigin.sync.PassStats;

import java.io.PrintWriter;

import static dev.secondaryorigin.log.EventLog.field;

/**
 * Shows a running pass: one rewritten status line on a terminal, a plain line every 5 s otherwise; with
 * {@code --log-json}, one {@link EventLog} line per failed URL, the function's {@code url-failure} line.
 */
final class Progress implements PassListener {
    private final PrintWriter err;
    private final boolean quiet;
    private final boolean json;
    private final boolean terminal;
    private final EventLog log;
    private final long started = System.currentTimeMillis();
    private long lastLine;
    private boolean wroteBar;

    Progress(PrintWriter err, boolean quiet, boolean json, boolean terminal) {
        this.err = err;
        this.quiet = quiet;
        this.json = json;
        this.terminal = terminal;
        this.log = EventLog.to(err);
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
            log.warn("url-failure", field("path", path), field("kind", kind), field("message", message));
        }
    }

    synchronized void finish() {
        if (wroteBar) {
            err.println();
            err.flush();
        }
    }
}
