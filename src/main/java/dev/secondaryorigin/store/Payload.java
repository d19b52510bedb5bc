package dev.secondaryorigin.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Bytes ready to store, already complete and checked: small ones in memory, large ones in a temp file.
 * The MD5 is known before the upload starts, so stores can send Content-MD5 and a store never sees a
 * truncated body.
 */
public final class Payload {
    private final byte[] bytes;
    private final Path file;
    private final long length;
    private final String md5Hex;

    private Payload(byte[] bytes, Path file, long length, String md5Hex) {
        this.bytes = bytes;
        this.file = file;
        this.length = length;
        this.md5Hex = md5Hex;
    }

    public static Payload ofBytes(byte[] bytes) {
        return new Payload(bytes, null, bytes.length, Md5.hex(md5().digest(bytes)));
    }

    /** Bytes whose MD5 is already known (computed while they were read), so it is not computed twice. */
    public static Payload ofBytes(byte[] bytes, String md5Hex) {
        return new Payload(bytes, null, bytes.length, md5Hex);
    }

    /** A file whose MD5 was computed while it was written. The caller owns (and deletes) the file. */
    public static Payload ofFile(Path file, long length, String md5Hex) {
        return new Payload(null, file, length, md5Hex);
    }

    /** Bytes produced by writing them to a stream, so they need never be held in memory at once. */
    public interface Writer {
        /** Writes the bytes; may close {@code out}. */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code writer}'s bytes to {@code file} (created, or emptied first), computing their MD5 on the way: heap use
     * is a buffer, whatever the size. The caller owns (and deletes) the file, also when this fails.
     */
    public static Payload write(Path file, Writer writer) throws IOException {
        MessageDigest md5 = md5();
        try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(
                Files.newOutputStream(file), 65536), md5)) {
            writer.writeTo(out);
        }
        return ofFile(file, Files.size(file), Md5.hex(md5.digest()));
    }

    public InputStream open() throws IOException {
        return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
    }

    public long length() {
        return length;
    }

    public String md5Hex() {
        return md5Hex;
    }

    /** The bytes when held in memory, else null. */
    public byte[] bytes() {
        return bytes;
    }

    /** The backing temp file, or null when in memory. */
    public Path file() {
        return file;
    }

    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
