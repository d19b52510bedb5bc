package dev.secondaryorigin.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintWriter;

/**
 * Ctrl-C during a pass: the pass stops taking work, checkpoints and ends as an incomplete pass (exit 3, as
 * when its time budget runs out), instead of the JVM exiting with 130 from inside a shutdown hook. A second
 * Ctrl-C quits at once (exit 130); the next run resumes from the last periodic checkpoint, as after kill -9.
 * Where the signal cannot be caught (a JVM started with -Xrs), the caller's shutdown hook still checkpoints.
 */
final class InterruptToCheckpoint implements AutoCloseable {
    private static final Signal INT = new Signal("INT");

    private final SignalHandler previous;
    private volatile boolean asked;

    private InterruptToCheckpoint(SignalHandler previous) {
        this.previous = previous;
    }

    /** Installs the handler until {@link #close()}; {@code stop} is called on the first Ctrl-C. */
    static InterruptToCheckpoint install(Runnable stop, PrintWriter err) {
        InterruptToCheckpoint[] self = new InterruptToCheckpoint[1];
        SignalHandler handler = signal -> {
            InterruptToCheckpoint h = self[0];
            if (h != null && h.asked) {
                Runtime.getRuntime().halt(130);
            }
            if (h != null) {
                h.asked = true;
            }
            synchronized (err) {
                err.println();
                err.println("interrupted: finishing the requests in flight and checkpointing; run again to resume "
                        + "(Ctrl-C again to quit now)");
                err.flush();
            }
            stop.run();
        };
        SignalHandler previous;
        try {
            previous = Signal.handle(INT, handler);
        } catch (IllegalArgumentException e) {
            return new InterruptToCheckpoint(null);
        }
        self[0] = new InterruptToCheckpoint(previous);
        return self[0];
    }

    @Override
    public void close() {
        if (previous != null) {
            Signal.handle(INT, previous);
        }
    }
}
