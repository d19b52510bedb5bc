package dev.secondaryorigin.store;

import java.io.IOException;

/**
 * A key this store can never write, whatever is retried: it runs through a symbolic link in a local target,
 * or names the store's own files. Other IOExceptions may pass; this one does not.
 */
public class RefusedKeyException extends IOException {
    public RefusedKeyException(String message) {
        super(message);
    }
}
