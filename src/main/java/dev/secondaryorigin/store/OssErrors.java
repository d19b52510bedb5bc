package dev.secondaryorigin.store;

import com.aliyun.oss.ClientException;
import com.aliyun.oss.OSSException;
import dev.secondaryorigin.credentials.CloudCredentials;
import dev.secondaryorigin.credentials.CredentialsException;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Sorts the SDK's failures into passing ones (retry) and final ones, and turns the final ones into
 * {@link IOException}s that say what to do. Messages name the access key id, never the secret or token.
 */
final class OssErrors {
    private static final Set<String> RETRYABLE = new HashSet<>(Arrays.asList(
            "InternalError", "ServiceUnavailable", "SlowDown", "RequestTimeout", "Throttling", "QpsLimitExceeded",
            "BadGateway", "GatewayTimeout"));
    private static final Set<String> BAD_CREDENTIALS = new HashSet<>(Arrays.asList(
            "SignatureDoesNotMatch", "InvalidAccessKeyId", "InvalidSecurityToken", "SecurityTokenExpired",
            "AccessKeyDisabled"));

    private OssErrors() {
    }

    static boolean isRetryable(RuntimeException e) {
        if (e instanceof OSSException) {
            return RETRYABLE.contains(((OSSException) e).getErrorCode());
        }
        // ClientException covers connection resets, timeouts and truncated responses: all worth another try.
        return e instanceof ClientException;
    }

    static boolean hasCode(RuntimeException e, String code) {
        return e instanceof OSSException && code.equals(((OSSException) e).getErrorCode());
    }

    static IOException explain(RuntimeException e, String what, String bucket, String accessKeyId) {
        if (e instanceof OSSException) {
            OSSException oe = (OSSException) e;
            String code = oe.getErrorCode();
            String ref = " (OSS " + code + ", request " + oe.getRequestId() + ")";
            if (BAD_CREDENTIALS.contains(code)) {
                String hint;
                String check;
                switch (code) {
                    case "SignatureDoesNotMatch":
                        check = CloudCredentials.ENV_ACCESS_KEY_SECRET;
                        hint = "the access key secret does not match access key id " + accessKeyId + "; check " + check;
                        break;
                    case "InvalidAccessKeyId":
                        check = CloudCredentials.ENV_ACCESS_KEY_ID;
                        hint = "access key id " + accessKeyId + " is unknown to OSS; check " + check;
                        break;
                    default:
                        check = CloudCredentials.ENV_SECURITY_TOKEN;
                        hint = "the security token of access key id " + accessKeyId + " is missing, invalid or "
                                + "expired; check " + check;
                }
                // The store's contract is IOException; the credentials problem rides along as the cause.
                return new IOException("OSS refused the credentials while trying to " + what + ": " + hint + ref,
                        CredentialsException.refused(accessKeyId, check, "OSS refused the credentials: " + hint + ref,
                                e));
            }
            if ("AccessDenied".equals(code)) {
                return new IOException("OSS denied access key id " + accessKeyId + " permission to " + what
                        + " in bucket " + bucket + ": grant its RAM policy oss:GetObject, oss:PutObject, "
                        + "oss:DeleteObject and oss:ListObjects on the bucket" + ref, e);
            }
            if ("NoSuchBucket".equals(code)) {
                return new IOException("bucket " + bucket + " does not exist (or is in another region): cannot "
                        + what + ref, e);
            }
            if ("InvalidDigest".equals(code) || "BadDigest".equals(code)) {
                return new IOException("OSS rejected the upload to " + what + ": its bytes did not match their "
                        + "Content-MD5" + ref, e);
            }
            String msg = oe.getErrorMessage();
            return new IOException("OSS failed to " + what + ": " + (msg == null ? code : msg) + ref, e);
        }
        if (e instanceof ClientException) {
            ClientException ce = (ClientException) e;
            return new IOException("cannot reach OSS to " + what + ": " + ce.getErrorMessage(), e);
        }
        return new IOException("cannot " + what + ": " + e, e);
    }
}
