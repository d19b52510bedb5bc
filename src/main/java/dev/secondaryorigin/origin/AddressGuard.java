package dev.secondaryorigin.origin;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The SSRF guard: addresses a crawled URL must never make the fetcher connect to, unless the user
 * configured that address as the origin. Covers loopback, link-local (169.254.0.0/16, where cloud
 * metadata lives), Alibaba Cloud's metadata service 100.100.100.200, private and shared ranges,
 * multicast and the unspecified address.
 */
public final class AddressGuard {
    private AddressGuard() {
    }

    /** Why an address is refused, or null when it may be contacted. */
    public static String refusal(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return "loopback address";
        }
        if (a.isLinkLocalAddress()) {
            return "link-local address (cloud metadata range)";
        }
        if (a.isAnyLocalAddress() || a.isMulticastAddress()) {
            return "unspecified or multicast address";
        }
        if (a.isSiteLocalAddress()) {
            return "private-network address";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int b0 = b[0] & 0xff;
            int b1 = b[1] & 0xff;
            if (b0 == 100 && b1 == 100 && (b[2] & 0xff) == 100 && (b[3] & 0xff) == 200) {
                return "Alibaba Cloud metadata address";
            }
            if (b0 == 100 && b1 >= 64 && b1 <= 127) {
                return "shared address space (100.64.0.0/10)";
            }
            if (b0 == 0) {
                return "this-network address";
            }
        } else if (a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc) {
            return "unique-local IPv6 address";
        }
        return null;
    }
}
