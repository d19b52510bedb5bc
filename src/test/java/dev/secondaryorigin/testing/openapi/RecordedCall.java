package dev.secondaryorigin.testing.openapi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One request the emulator received and accepted as signed: its action and every parameter. */
public final class RecordedCall {
    private static final java.util.Set<String> COMMON = new java.util.HashSet<>(java.util.Arrays.asList(
            "Action", "Version", "Format", "AccessKeyId", "SecurityToken", "SignatureMethod", "SignatureVersion",
            "SignatureNonce", "SignatureType", "Timestamp", "Signature", "RegionId"));

    private final String method;
    private final String action;
    private final Map<String, String> params;
    private final String answerCode;

    RecordedCall(String method, Map<String, String> params, String answerCode) {
        this.method = method;
        this.action = params.get("Action");
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        this.answerCode = answerCode;
    }

    RecordedCall answered(String code) {
        return new RecordedCall(method, params, code);
    }

    public String method() {
        return method;
    }

    public String action() {
        return action;
    }

    public String version() {
        return params.get("Version");
    }

    /** A parameter's value, or null. */
    public String param(String name) {
        return params.get(name);
    }

    /** Every parameter, common ones (Timestamp, Signature, ...) included. */
    public Map<String, String> allParams() {
        return params;
    }

    /** The action's own parameters, without the common signing ones. */
    public Map<String, String> params() {
        Map<String, String> own = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!COMMON.contains(e.getKey())) {
                own.put(e.getKey(), e.getValue());
            }
        }
        return own;
    }

    /** The error code answered, or null for a success. */
    public String answerCode() {
        return answerCode;
    }

    @Override
    public String toString() {
        return action + params() + (answerCode == null ? "" : " -> " + answerCode);
    }
}
