package dev.secondaryorigin.tasks;

import java.util.ArrayList;
import java.util.List;

/** A launcher that records what it was asked to start; it can be told to die at its n-th launch. */
final class RecordingLauncher implements TaskLauncher {
    final List<String> launched = new ArrayList<>();
    int dieAt = -1;

    /** Thrown to simulate a dispatcher killed between a claim and its launch. */
    static final class Killed extends RuntimeException {
        Killed() {
            super("dispatcher killed");
        }
    }

    @Override
    public String launch(TaskName task, Firing firing) {
        if (dieAt >= 0 && launched.size() == dieAt) {
            dieAt = -1;
            throw new Killed();
        }
        launched.add(task + "@" + firing.id());
        return "req-" + launched.size();
    }
}
