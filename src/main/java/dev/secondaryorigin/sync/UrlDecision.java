package dev.secondaryorigin.sync;

import dev.secondaryorigin.state.ManifestEntry;

/**
 * The per-URL decisions of a pass, as pure functions of what the manifest knows and what the origin
 * answered: whether to ask conditionally, and what a 200 calls for.
 */
final class UrlDecision {
    private UrlDecision() {
    }

    /** What to do with a 200 answer. */
    enum Action {
        /** New or changed bytes or headers: write them (staged or in place). */
        STORE,
        /** The stored object already has these bytes and headers. */
        UNCHANGED,
        /** The user's resource types leave this type out: record it, store nothing. */
        TYPE_NOT_SELECTED,
        /** Outside the --include globs: record it, store nothing. */
        NOT_INCLUDED
    }

    /**
     * Validators are sent only when the stored copy is complete: a URL known but not stored (another type,
     * outside the includes) is only asked conditionally when it would still not be stored.
     */
    static boolean askConditionally(ManifestEntry known, boolean full, boolean knownWouldBeStored) {
        return known != null && !full && known.status() == 200 && (known.stored() || !knownWouldBeStored);
    }

    /**
     * @param writtenSameThisPass another URL of the same key (/ and /index.html) already wrote these bytes
     */
    static Action forOk(ManifestEntry known, String md5, int headersHash, boolean typeSelected, boolean included,
                        boolean full, boolean writtenSameThisPass) {
        if (!typeSelected) {
            return Action.TYPE_NOT_SELECTED;
        }
        if (!included) {
            return Action.NOT_INCLUDED;
        }
        boolean same = known != null && known.stored() && md5.equals(known.md5())
                && known.headersHash() == headersHash && !full;
        return same || writtenSameThisPass ? Action.UNCHANGED : Action.STORE;
    }

    /** Whether a changed object counts as a change of a published one (for the gate and for rollback). */
    static boolean replacesPublished(ManifestEntry known) {
        return known != null && known.stored();
    }
}
