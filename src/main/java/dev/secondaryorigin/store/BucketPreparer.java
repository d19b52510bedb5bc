package dev.secondaryorigin.store;

import com.aliyun.oss.ClientException;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.BucketVersioningConfiguration;
import com.aliyun.oss.model.BucketWebsiteResult;
import com.aliyun.oss.model.SetBucketVersioningRequest;
import com.aliyun.oss.model.SetBucketWebsiteRequest;
import com.aliyun.oss.model.SubDirType;
import dev.secondaryorigin.credentials.CloudCredentials;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Makes a bucket a servable origin: static-website index document {@code index.html} with sub-directory support
 * (so {@code /dir/} is served from {@code dir/index.html}, as the sync stores it), an optional error document and
 * optional versioning. Reads the bucket's settings first and changes only what differs, so running it twice changes
 * nothing the second time; in dry-run mode it only reports what it would change.
 */
public final class BucketPreparer implements Closeable {
    private final OSS client;
    private final OssTarget target;
    private final String accessKeyId;

    public BucketPreparer(OssTarget target, CloudCredentials credentials) {
        this.target = target;
        this.accessKeyId = credentials.accessKeyId();
        this.client = OssClients.create(target, credentials);
    }

    /** What a request for {@code /dir} (no slash, no such object) does when {@code dir/index.html} exists. */
    public enum SubDirMode {
        /** 302 to {@code /dir/} (OSS type 0): relative links in the page keep working. */
        REDIRECT(SubDirType.Redirect),
        /** 404 (OSS type 1). */
        NOT_FOUND(SubDirType.NoSuchKey),
        /** Serve {@code dir/index.html} directly (OSS type 2). */
        INDEX(SubDirType.Index);

        final SubDirType sdk;

        SubDirMode(SubDirType sdk) {
            this.sdk = sdk;
        }
    }

    /** The settings wanted. Immutable; start from {@link #defaults()}. */
    public static final class Settings {
        private final String indexDocument;
        private final SubDirMode subDirMode;
        private final String errorDocument;
        private final int errorStatus;
        private final Boolean versioning;

        private Settings(String indexDocument, SubDirMode subDirMode, String errorDocument, int errorStatus,
                         Boolean versioning) {
            this.indexDocument = indexDocument;
            this.subDirMode = subDirMode;
            this.errorDocument = errorDocument;
            this.errorStatus = errorStatus;
            this.versioning = versioning;
        }

        /** {@code index.html}, sub-directory redirect, no error document, versioning left as it is. */
        public static Settings defaults() {
            return new Settings("index.html", SubDirMode.REDIRECT, null, 404, null);
        }

        public Settings subDirMode(SubDirMode m) {
            return new Settings(indexDocument, Objects.requireNonNull(m), errorDocument, errorStatus, versioning);
        }

        /** The object served (with {@code status}, 404 or 200) for a missing key; null for none. */
        public Settings errorDocument(String key, int status) {
            if (key != null && (key.isEmpty() || key.startsWith("/"))) {
                throw new IllegalArgumentException("error document must be an object key such as 404.html, got \"" + key + "\"");
            }
            if (status != 404 && status != 200) {
                throw new IllegalArgumentException("error document status must be 404 or 200, got " + status);
            }
            return new Settings(indexDocument, subDirMode, key, status, versioning);
        }

        /** True to enable versioning, false to suspend it, null to leave it alone. */
        public Settings versioning(Boolean enabled) {
            return new Settings(indexDocument, subDirMode, errorDocument, errorStatus, enabled);
        }
    }

    /** What was (or, in a dry run, would be) changed, and what already matched. */
    public static final class Report {
        private final boolean dryRun;
        private final List<String> changes;
        private final List<String> unchanged;
        private final List<String> warnings;

        Report(boolean dryRun, List<String> changes, List<String> unchanged, List<String> warnings) {
            this.dryRun = dryRun;
            this.changes = Collections.unmodifiableList(new ArrayList<>(changes));
            this.unchanged = Collections.unmodifiableList(new ArrayList<>(unchanged));
            this.warnings = Collections.unmodifiableList(new ArrayList<>(warnings));
        }

        public boolean dryRun() {
            return dryRun;
        }

        public List<String> changes() {
            return changes;
        }

        public List<String> unchanged() {
            return unchanged;
        }

        public List<String> warnings() {
            return warnings;
        }

        public boolean changed() {
            return !changes.isEmpty();
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            String verb = dryRun ? "would change: " : "changed: ";
            for (String c : changes) {
                sb.append(verb).append(c).append('\n');
            }
            for (String u : unchanged) {
                sb.append("already set: ").append(u).append('\n');
            }
            for (String w : warnings) {
                sb.append("warning: ").append(w).append('\n');
            }
            return sb.toString();
        }
    }

    public Report prepare(Settings want, boolean dryRun) throws IOException {
        List<String> changes = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String bucket = target.bucket();
        if (!target.keyPrefix().isEmpty()) {
            warnings.add("the website index rules apply to the whole bucket; with key prefix \"" + target.keyPrefix()
                    + "\" the CDN must fetch from that prefix (origin path), or /dir/ will not find dir/index.html");
        }

        BucketWebsiteResult current = call("read the website settings of bucket " + bucket, () -> {
            try {
                return client.getBucketWebsite(bucket);
            } catch (OSSException e) {
                if ("NoSuchWebsiteConfiguration".equals(e.getErrorCode())) {
                    return null;
                }
                throw e;
            }
        });
        String errorKey = want.errorDocument == null ? null : target.keyPrefix() + want.errorDocument;
        String wantDesc = "static website: index document " + want.indexDocument + " with sub-directory index ("
                + want.subDirMode.name().toLowerCase(Locale.ROOT).replace('_', '-') + " for /dir)"
                + (errorKey == null ? "" : ", error document " + errorKey + " (" + want.errorStatus + ")");
        if (websiteMatches(current, want, errorKey)) {
            unchanged.add(wantDesc);
        } else {
            changes.add(wantDesc + (current == null ? " (none set)" : " (was: " + describe(current) + ")"));
            if (!dryRun) {
                SetBucketWebsiteRequest r = new SetBucketWebsiteRequest(bucket);
                r.setIndexDocument(want.indexDocument);
                r.setSupportSubDir(true);
                r.setSubDirType(want.subDirMode.sdk);
                if (errorKey != null) {
                    r.setErrorDocument(errorKey);
                    r.setHttpStatus(String.valueOf(want.errorStatus));
                } else if (current != null && current.getErrorDocument() != null) {
                    // Not asked to change it: keep the user's own error document.
                    r.setErrorDocument(current.getErrorDocument());
                    r.setHttpStatus(current.getHttpStatus());
                }
                if (current != null && current.getRoutingRules() != null && !current.getRoutingRules().isEmpty()) {
                    r.setRoutingRules(current.getRoutingRules());
                }
                call("set the website settings of bucket " + bucket, () -> {
                    client.setBucketWebsite(r);
                    return null;
                });
            }
        }

        if (want.versioning != null) {
            BucketVersioningConfiguration v = call("read the versioning of bucket " + bucket,
                    () -> client.getBucketVersioning(bucket));
            String status = v == null || v.getStatus() == null ? BucketVersioningConfiguration.OFF : v.getStatus();
            boolean enabled = BucketVersioningConfiguration.ENABLED.equalsIgnoreCase(status);
            if (want.versioning == enabled) {
                unchanged.add("versioning " + status);
            } else {
                String to = want.versioning ? BucketVersioningConfiguration.ENABLED : BucketVersioningConfiguration.SUSPENDED;
                changes.add("versioning " + to + " (was " + status + ")");
                if (!dryRun) {
                    call("set the versioning of bucket " + bucket, () -> {
                        client.setBucketVersioning(new SetBucketVersioningRequest(bucket,
                                new BucketVersioningConfiguration(to)));
                        return null;
                    });
                }
            }
        }
        return new Report(dryRun, changes, unchanged, warnings);
    }

    private static boolean websiteMatches(BucketWebsiteResult c, Settings want, String errorKey) {
        if (c == null || !want.indexDocument.equals(c.getIndexDocument()) || !c.isSupportSubDir()) {
            return false;
        }
        SubDirType type;
        try {
            type = c.getSubDirType() == null ? SubDirType.Redirect : SubDirType.parse(c.getSubDirType());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (type != want.subDirMode.sdk) {
            return false;
        }
        if (errorKey == null) {
            return true;
        }
        String status = c.getHttpStatus() == null ? "404" : c.getHttpStatus();
        return errorKey.equals(c.getErrorDocument()) && status.equals(String.valueOf(want.errorStatus));
    }

    private static String describe(BucketWebsiteResult c) {
        return "index " + c.getIndexDocument() + ", sub-directory index " + (c.isSupportSubDir() ? "on" : "off")
                + (c.getSubDirType() == null ? "" : " type " + c.getSubDirType())
                + (c.getErrorDocument() == null ? "" : ", error document " + c.getErrorDocument());
    }

    private interface Call<T> {
        T run();
    }

    private <T> T call(String what, Call<T> c) throws IOException {
        try {
            return c.run();
        } catch (OSSException | ClientException e) {
            if (e instanceof OSSException && "AccessDenied".equals(((OSSException) e).getErrorCode())) {
                return rethrow(new IOException("OSS denied access key id " + accessKeyId + " permission to " + what
                        + ": its RAM policy needs oss:GetBucketWebsite, oss:PutBucketWebsite, oss:GetBucketVersioning "
                        + "and oss:PutBucketVersioning", e));
            }
            throw OssErrors.explain(e, what, target.bucket(), accessKeyId);
        }
    }

    private static <T> T rethrow(IOException e) throws IOException {
        throw e;
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
