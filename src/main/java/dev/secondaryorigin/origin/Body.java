package dev.secondaryorigin.origin;

import dev.secondaryorigin.store.Payload;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A response body read completely and checked; in memory when small, in a temp file when large. */
public final class Body implements Closeable {
    private final byte[] bytes;
    private final Path file;
    private final long length;
    private final String md5Hex;

    Body(byte[] bytes, Path file, long length, String md5Hex) {
        this.bytes = bytes;
        this.file = file;
        this.length = length;
        this.md5Hex = md5Hex;
    }

    public long length() {
        return length;
    }

    public String md5Hex() {
        return md5Hex;
    }

    /** The bytes, reading the temp file if needed; callers bound the size they ask for. */
    public byte[] bytes() throws IOException {
        return bytes != null ? bytes : Files.readAllBytes(file);
    }

    public Payload payload() {
        return bytes != null ? Payload.ofBytes(bytes, md5Hex) : Payload.ofFile(file, length, md5Hex);
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
