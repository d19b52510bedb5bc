package dev.secondaryorigin.task;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Addresses no origin may be, whoever configured it: cloud metadata services and link-local ranges. A
 * backup of such an address would copy instance credentials into a (possibly public) bucket. Host literals
 * are read in every notation a resolver accepts: dotted, decimal ({@code 2852039166}), hex
 * ({@code 0xA9FEA9FE}), octal ({@code 0251.0376.0251.0376}), short forms ({@code 169.254.43518}), and IPv6
 * with IPv4 inside (mapped, compatible, NAT64).
 */
public final class MetadataAddresses {
    private MetadataAddresses() {
    }

    /** Why {@code a} is refused as an origin address, or null. */
    public static String refusal(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            byte[] v4 = embeddedIpv4(b);
            if (v4 != null) {
                return refusalV4(v4);
            }
            if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
                return "an IPv6 link-local address (fe80::/10)";
            }
            // fd00:ec2::254, a cloud's IPv6 instance metadata service.
            if ((b[0] & 0xff) == 0xfd && b[1] == 0 && (b[2] & 0xff) == 0x0e && (b[3] & 0xff) == 0xc2
                    && allZero(b, 4, 14) && b[14] == 0x02 && (b[15] & 0xff) == 0x54) {
                return "an instance metadata service address (fd00:ec2::254)";
            }
            return null;
        }
        return a instanceof Inet4Address ? refusalV4(b) : null;
    }

    /**
     * Why a host as written in a URL is refused, or null (also null for a name: names are checked when
     * they are resolved, at connect time).
     */
    public static String refusal(String host) {
        if (host == null || host.isEmpty()) {
            return null;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        byte[] v4 = parseInetAton(h.toLowerCase(Locale.ROOT));
        if (v4 != null) {
            return refusalV4(v4);
        }
        if (h.indexOf(':') >= 0) {
            try {
                // A literal with ':' is parsed, never looked up.
                return refusal(InetAddress.getByName(h));
            } catch (UnknownHostException | SecurityException e) {
                return null;
            }
        }
        return null;
    }

    private static String refusalV4(byte[] b) {
        int b0 = b[0] & 0xff;
        int b1 = b[1] & 0xff;
        if (b0 == 169 && b1 == 254) {
            return "a link-local address (169.254.0.0/16, where cloud metadata services live)";
        }
        if (b0 == 100 && b1 == 100 && (b[2] & 0xff) == 100 && (b[3] & 0xff) == 200) {
            return "the Alibaba Cloud metadata service (100.100.100.200)";
        }
        return null;
    }

    /** The IPv4 address inside ::ffff:a.b.c.d, ::a.b.c.d or 64:ff9b::a.b.c.d, else null. */
    private static byte[] embeddedIpv4(byte[] b) {
        boolean mapped = allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = allZero(b, 0, 12) && !(allZero(b, 12, 15) && (b[15] & 0xff) <= 1);
        boolean nat64 = b[0] == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && allZero(b, 4, 12);
        if (!mapped && !compatible && !nat64) {
            return null;
        }
        return new byte[]{b[12], b[13], b[14], b[15]};
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * inet_aton's forms: one to four parts, each decimal, 0x-hex or 0-octal; the last part fills the
     * remaining bytes. Null when {@code s} is not such a number (a name, or out of range).
     */
    static byte[] parseInetAton(String s) {
        if (s.isEmpty() || s.endsWith(".")) {
            return null;
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length > 4) {
            return null;
        }
        long[] v = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Long n = number(parts[i]);
            if (n == null) {
                return null;
            }
            v[i] = n;
        }
        long value = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (v[i] > 255) {
                return null;
            }
            value |= v[i] << (24 - 8 * i);
        }
        long last = v[parts.length - 1];
        long room = 1L << (8 * (4 - (parts.length - 1)));
        if (last >= room) {
            return null;
        }
        value |= last;
        return new byte[]{(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    private static Long number(String p) {
        if (p.isEmpty() || p.length() > 12) {
            return null;
        }
        int radix = 10;
        String digits = p;
        if (p.startsWith("0x")) {
            radix = 16;
            digits = p.substring(2);
            if (digits.isEmpty()) {
                return 0L;
            }
        } else if (p.length() > 1 && p.startsWith("0")) {
            radix = 8;
            digits = p.substring(1);
        }
        try {
            return Long.parseLong(digits, radix);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
