package dev.secondaryorigin.testing.oss;

/** A bucket's static-website settings, as PutBucketWebsite sent them. Immutable. */
public final class WebsiteConfig {
    private final String indexDocument;
    private final boolean supportSubDir;
    private final String subDirType;
    private final String errorDocument;
    private final String errorStatus;

    public WebsiteConfig(String indexDocument, boolean supportSubDir, String subDirType, String errorDocument,
                         String errorStatus) {
        this.indexDocument = indexDocument;
        this.supportSubDir = supportSubDir;
        this.subDirType = subDirType;
        this.errorDocument = errorDocument;
        this.errorStatus = errorStatus;
    }

    public String indexDocument() {
        return indexDocument;
    }

    public boolean supportSubDir() {
        return supportSubDir;
    }

    /** "0" redirect, "1" NoSuchKey, "2" index; null when not sent (OSS then redirects). */
    public String subDirType() {
        return subDirType;
    }

    public String errorDocument() {
        return errorDocument;
    }

    public String errorStatus() {
        return errorStatus;
    }

    String toXml() {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<WebsiteConfiguration>");
        if (indexDocument != null) {
            sb.append("<IndexDocument><Suffix>").append(Xml.escape(indexDocument)).append("</Suffix>")
                    .append("<SupportSubDir>").append(supportSubDir).append("</SupportSubDir>");
            if (subDirType != null) {
                sb.append("<Type>").append(Xml.escape(subDirType)).append("</Type>");
            }
            sb.append("</IndexDocument>");
        }
        if (errorDocument != null) {
            sb.append("<ErrorDocument><Key>").append(Xml.escape(errorDocument)).append("</Key>");
            if (errorStatus != null) {
                sb.append("<HttpStatus>").append(Xml.escape(errorStatus)).append("</HttpStatus>");
            }
            sb.append("</ErrorDocument>");
        }
        return sb.append("</WebsiteConfiguration>").toString();
    }
}
