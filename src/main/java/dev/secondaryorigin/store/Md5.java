package dev.secondaryorigin.store;

import java.security.MessageDigest;
import java.util.Base64;

/** MD5 spelled as stores and HTTP want it. */
public final class Md5 {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Md5() {
    }

    public static MessageDigest newDigest() {
        return Payload.md5();
    }

    public static String hex(byte[] digest) {
        char[] c = new char[digest.length * 2];
        for (int i = 0; i < digest.length; i++) {
            c[2 * i] = HEX[(digest[i] >> 4) & 0xf];
            c[2 * i + 1] = HEX[digest[i] & 0xf];
        }
        return new String(c);
    }

    public static byte[] fromHex(String hex) {
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    /** Base64 of the raw digest, the form of the Content-MD5 header. */
    public static String base64(String hex) {
        return Base64.getEncoder().encodeToString(fromHex(hex));
    }
}
