package dev.secondaryorigin.cdn;

import com.aliyuncs.exceptions.ClientException;
import dev.secondaryorigin.credentials.CloudCredentials;
import dev.secondaryorigin.credentials.CredentialsException;

/**
 * An OpenAPI call that failed, explained for a person: what went wrong and what to do. Names the
 * AccessKey id, never the secret.
 */
public final class OpenApiFailure extends RuntimeException {
    private final String code;

    private OpenApiFailure(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The service or SDK error code (e.g. {@code EntityNotExist.Role}, {@code SDK.InvalidAccessKeySecret}). */
    public String code() {
        return code;
    }

    /** Explains {@code e}, raised by {@code action} called with {@code credentials} at {@code endpoint}. */
    public static OpenApiFailure explain(ClientException e, String action, CloudCredentials credentials,
                                         OpenApiEndpoint endpoint) {
        String code = e.getErrCode() == null ? "Unknown" : e.getErrCode();
        String key = credentials.accessKeyId();
        String what;
        String check = null;
        switch (code) {
            case "SDK.InvalidAccessKeySecret":
                check = CloudCredentials.ENV_ACCESS_KEY_SECRET;
                what = "the AccessKey secret does not belong to key id " + key + " (the endpoint computed the same "
                        + "string to sign but a different signature): check " + CloudCredentials.ENV_ACCESS_KEY_SECRET
                        + " for a typo, a stray quote or whitespace, or a secret of another key";
                break;
            case "SignatureDoesNotMatch":
            case "IncompleteSignature":
                check = CloudCredentials.ENV_ACCESS_KEY_SECRET;
                what = "the endpoint rejected the request signature of key id " + key + ": usually the secret in "
                        + CloudCredentials.ENV_ACCESS_KEY_SECRET + " is not this key's; otherwise a proxy rewrote the "
                        + "request or the system clock is far off";
                break;
            case "InvalidAccessKeyId.NotFound":
            case "InvalidAccessKeyId":
                check = CloudCredentials.ENV_ACCESS_KEY_ID;
                what = "key id " + key + " is unknown to the endpoint: check " + CloudCredentials.ENV_ACCESS_KEY_ID
                        + " (the key may have been deleted, or belong to another site such as the international one)";
                break;
            case "InvalidAccessKeyId.Inactive":
                check = CloudCredentials.ENV_ACCESS_KEY_ID;
                what = "key id " + key + " is disabled: enable it in the RAM console or use another key";
                break;
            case "InvalidSecurityToken.Expired":
            case "InvalidSecurityToken.Malformed":
            case "InvalidSecurityToken.MismatchWithAccessKey":
                check = CloudCredentials.ENV_SECURITY_TOKEN;
                what = "the STS token in " + CloudCredentials.ENV_SECURITY_TOKEN + " is not valid for key id " + key
                        + " (" + code + "): get a fresh temporary key, or unset the token for a permanent key";
                break;
            case "NoPermission":
            case "Forbidden.RAM":
            case "Forbidden":
                what = "key id " + key + " may not call " + action + ": grant the policy in scripts/ram/ to the RAM "
                        + "user that owns the key, or use a key of an account administrator";
                break;
            case "SDK.ServerUnreachable":
            case "SDK.ServerConnectionError":
                what = "could not reach " + endpoint + ": check the network or the endpoint override";
                break;
            default:
                what = e.getErrMsg() == null ? code : e.getErrMsg();
        }
        String requestId = e.getRequestId() == null ? "" : " (request id " + e.getRequestId() + ")";
        String message = action + " at " + endpoint + " failed [" + code + "]: " + what + requestId;
        // A refused key is the one credentials error of the product, whichever service refused it.
        Throwable cause = check == null ? e : CredentialsException.refused(key, check, message, e);
        return new OpenApiFailure(code, message, cause);
    }
}
