package dev.secondaryorigin.sync;

/** What the HTTP base answered to one drill request: status, the headers that matter, MD5 and the start of the body. */
final class DrillAnswer {
    final int status;
    final String location;
    final String contentType;
    final String md5;
    final long size;
    /** The first bytes of the body (enough to read a redirect page's head). */
    final byte[] head;

    DrillAnswer(int status, String location, String contentType, String md5, long size, byte[] head) {
        this.status = status;
        this.location = location;
        this.contentType = contentType;
        this.md5 = md5;
        this.size = size;
        this.head = head;
    }
}
