package dev.secondaryorigin.testing.oss;

/** An error as OSS answers it: status, code, message, in the {@code <Error>} XML body. Immutable. */
final class OssError extends Exception {
    final int status;
    final String code;

    OssError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static OssError noSuchKey() {
        return new OssError(404, "NoSuchKey", "The specified key does not exist.");
    }

    static OssError noSuchBucket(String bucket) {
        return new OssError(404, "NoSuchBucket", "The specified bucket does not exist: " + bucket);
    }

    static OssError accessDenied(String why) {
        return new OssError(403, "AccessDenied", why);
    }

    static OssError invalidArgument(String why) {
        return new OssError(400, "InvalidArgument", why);
    }

    static OssError notImplemented(String what) {
        return new OssError(501, "NotImplemented", "The emulator does not implement " + what);
    }

    String toXml(String requestId, String hostId) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n  <Code>" + Xml.escape(code) + "</Code>\n  <Message>"
                + Xml.escape(getMessage()) + "</Message>\n  <RequestId>" + requestId + "</RequestId>\n  <HostId>"
                + Xml.escape(hostId) + "</HostId>\n</Error>\n";
    }
}
