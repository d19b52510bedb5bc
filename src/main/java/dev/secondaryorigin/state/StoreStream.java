package dev.secondaryorigin.state;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A state file's bytes as they come from the store, telling the store's own failures (a dropped connection) apart
 * from a damaged file: a parser reading through this stream sees the store's as {@link Failure}, so a caller can
 * pass them on instead of setting a good file aside.
 */
final class StoreStream extends FilterInputStream {
    StoreStream(InputStream in) {
        super(in);
    }

    /** The store failed while the file was read. */
    static final class Failure extends IOException {
        Failure(IOException cause) {
            super(cause.getMessage(), cause);
        }

        IOException storeFailure() {
            return (IOException) getCause();
        }
    }

    private interface StoreCall<T> {
        T run() throws IOException;
    }

    private static <T> T fromStore(StoreCall<T> call) throws Failure {
        try {
            return call.run();
        } catch (IOException e) {
            throw new Failure(e);
        }
    }

    @Override
    public int read() throws IOException {
        return fromStore(super::read);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return fromStore(() -> super.read(b, off, len));
    }

    @Override
    public long skip(long n) throws IOException {
        return fromStore(() -> super.skip(n));
    }

    @Override
    public int available() throws IOException {
        return fromStore(super::available);
    }

    @Override
    public void close() throws IOException {
        fromStore(() -> {
            super.close();
            return null;
        });
    }
}
