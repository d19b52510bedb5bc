package dev.secondaryorigin.sync;

import dev.secondaryorigin.origin.FetchException;
import dev.secondaryorigin.origin.OriginClient;
import dev.secondaryorigin.origin.OriginResponse;
import dev.secondaryorigin.state.ManifestEntry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Whether the origin is fit to be copied: the entry probe before anything is touched, and a sliding
 * window of recent fetches that stops a pass whose fetches mostly fail. (Answers that arrive but are
 * garbage are the {@link SoftFailureGate}'s job.)
 */
final class PassHealth {
    /** Health window: this many recent fetches, and the failing share that stops the pass. */
    static final int WINDOW = 40;
    static final int MIN_SAMPLES = 20;
    static final double MAX_FAILING = 0.6;

    /** What the entry probe found wrong. */
    static final class ProbeProblem {
        final PassReport.Result result;
        final String message;

        ProbeProblem(PassReport.Result result, String message) {
            this.result = result;
            this.message = message;
        }
    }

    private final boolean[] ring = new boolean[WINDOW];
    private int next;
    private int count;

    /**
     * Before touching anything: can the origin serve the entry page? A refused connection, a timeout or a
     * 5xx means the origin is down; a 4xx usually a wrong --domain or a missing --header; a 200 without the
     * --guard-body text is a maintenance page.
     */
    static ProbeProblem probe(OriginClient origin, String path, ManifestEntry known, String domain, String guardBody,
                              long deadlineMillis) {
        boolean conditional = known != null && guardBody == null;
        try (OriginResponse r = origin.fetch(path, conditional ? known.etag() : null,
                conditional ? known.lastModified() : null, deadlineMillis)) {
            if (r.status() >= 400) {
                return new ProbeProblem(PassReport.Result.ORIGIN_UNHEALTHY, "the origin answered " + r.status()
                        + " for the entry page " + path + " (sent Host: " + domain + "); check --domain and --header");
            }
            if (guardBody != null && r.status() == 200) {
                String text = new String(r.body().bytes(), StandardCharsets.UTF_8);
                if (!text.contains(guardBody)) {
                    return new ProbeProblem(PassReport.Result.ORIGIN_SUSPECT, "the entry page " + path
                            + " does not contain the --guard-body text (" + r.body().length() + " bytes, "
                            + r.header("content-type") + ")");
                }
            }
            return null;
        } catch (FetchException e) {
            return e.originFault() ? new ProbeProblem(PassReport.Result.ORIGIN_UNHEALTHY,
                    e.kind() + " fetching " + path + " (" + e.getMessage() + ")") : null;
        } catch (IOException e) {
            return new ProbeProblem(PassReport.Result.ORIGIN_UNHEALTHY, String.valueOf(e.getMessage()));
        }
    }

    synchronized void record(boolean failed) {
        ring[next] = failed;
        next = (next + 1) % ring.length;
        count = Math.min(count + 1, ring.length);
    }

    /** True when most recent fetches failed. */
    synchronized boolean failing() {
        if (count < MIN_SAMPLES) {
            return false;
        }
        int f = 0;
        for (int i = 0; i < count; i++) {
            if (ring[i]) {
                f++;
            }
        }
        return (double) f / count > MAX_FAILING;
    }
}
