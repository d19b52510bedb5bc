package dev.secondaryorigin.testing.oss;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Faults to inject into the next matching requests: {@code faults.failNext(3, 503)},
 * {@code faults.resetNext(1, EmulatedRequest::isPartUpload)}. Rules are tried in the order they were added.
 */
public final class Faults {
    private static final class Rule {
        final Fault fault;
        final Predicate<EmulatedRequest> when;
        int remaining;

        Rule(Fault fault, int times, Predicate<EmulatedRequest> when) {
            this.fault = fault;
            this.remaining = times;
            this.when = when;
        }
    }

    private final List<Rule> rules = new ArrayList<>();
    private final AtomicInteger fired = new AtomicInteger();

    /** Injects {@code fault} into the next {@code times} requests that match {@code when} ({@code times < 0}: all of them). */
    public synchronized Faults inject(Fault fault, int times, Predicate<EmulatedRequest> when) {
        rules.add(new Rule(fault, times, when));
        return this;
    }

    public Faults failNext(int times, int status) {
        return inject(Fault.error(status), times, r -> true);
    }

    public Faults failNext(int times, int status, Predicate<EmulatedRequest> when) {
        return inject(Fault.error(status), times, when);
    }

    public Faults resetNext(int times) {
        return inject(Fault.reset(), times, r -> true);
    }

    public Faults resetNext(int times, Predicate<EmulatedRequest> when) {
        return inject(Fault.reset(), times, when);
    }

    public Faults delayNext(int times, long millis) {
        return inject(Fault.delay(millis), times, r -> true);
    }

    public Faults delayNext(int times, long millis, Predicate<EmulatedRequest> when) {
        return inject(Fault.delay(millis), times, when);
    }

    public synchronized void clear() {
        rules.clear();
    }

    /** How many faults have fired so far. */
    public int fired() {
        return fired.get();
    }

    synchronized Fault take(EmulatedRequest r) {
        for (Rule rule : rules) {
            if (rule.remaining != 0 && rule.when.test(r)) {
                if (rule.remaining > 0) {
                    rule.remaining--;
                }
                fired.incrementAndGet();
                return rule.fault;
            }
        }
        return null;
    }
}
