package dev.secondaryorigin.fcapi;

import dev.secondaryorigin.credentials.CloudCredentials;

import com.aliyun.fc20230330.Client;
import com.aliyun.fc20230330.models.InvokeFunctionHeaders;
import com.aliyun.fc20230330.models.InvokeFunctionRequest;
import com.aliyun.fc20230330.models.InvokeFunctionResponse;
import com.aliyun.tea.TeaException;
import com.aliyun.tea.TeaUnretryableException;
import com.aliyun.teaopenapi.models.Config;
import com.aliyun.teautil.models.RuntimeOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Starts asynchronous invocations of one function through the FC 3.0 OpenAPI ({@code InvokeFunction} with
 * {@code x-fc-invocation-type: Async} and an async task id), so that each started run gets its own instance and
 * time limit and FC's queue delivers it, retrying failed runs. Throttling, server errors and network failures are
 * retried here with {@link Backoff}; a 409 for the task id means an earlier launch got through.
 */
public final class FunctionInvoker {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final FunctionTarget target;
    private final CloudCredentials key;
    private final Backoff backoff;
    private final Client client;

    public FunctionInvoker(FunctionTarget target, CloudCredentials key, Backoff backoff) {
        this.target = target;
        this.key = key;
        this.backoff = backoff;
        Config config = new Config()
                .setAccessKeyId(key.accessKeyId())
                .setAccessKeySecret(key.accessKeySecret())
                .setEndpoint(target.endpoint().host())
                .setProtocol(target.endpoint().protocol())
                .setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
                .setReadTimeout(READ_TIMEOUT_MILLIS);
        if (key.securityToken() != null) {
            config.setSecurityToken(key.securityToken());
        }
        try {
            this.client = new Client(config);
        } catch (Exception e) {
            // The constructor only checks the configuration; nothing is sent.
            throw new IllegalArgumentException("cannot set up the Function Compute client for " + target + ": " + e.getMessage(), e);
        }
    }

    public FunctionTarget target() {
        return target;
    }

    /** Queues {@code invocation}; returns once FC has it, or throws why not after the retries. */
    public InvocationAccepted startAsync(AsyncInvocation invocation) throws InvokeFailedException {
        for (int attempt = 1; ; attempt++) {
            Answer answer = call(invocation);
            if (answer.accepted) {
                return new InvocationAccepted(invocation.taskId(), answer.requestId, attempt, false);
            }
            if (answer.status == 409) {
                return new InvocationAccepted(invocation.taskId(), answer.requestId, attempt, true);
            }
            if (!answer.retryable() || attempt >= backoff.maxAttempts()) {
                throw failure(invocation, answer, attempt);
            }
            try {
                backoff.pauseBefore(attempt + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InvokeFailedException("starting " + target + " (task " + invocation.taskId()
                        + ") was interrupted while waiting to retry after " + answer.code, answer.code, answer.status,
                        answer.requestId, attempt, true, e);
            }
        }
    }

    private Answer call(AsyncInvocation invocation) {
        InvokeFunctionRequest request = new InvokeFunctionRequest()
                .setQualifier(target.qualifier())
                .setBody(new ByteArrayInputStream(invocation.payloadBytes()));
        InvokeFunctionHeaders headers = new InvokeFunctionHeaders()
                .setXFcInvocationType("Async")
                .setXFcAsyncTaskId(invocation.taskId());
        RuntimeOptions runtime = new RuntimeOptions();
        runtime.autoretry = false;
        try {
            InvokeFunctionResponse response = client.invokeFunctionWithOptions(target.functionName(), request, headers, runtime);
            closeQuietly(response.getBody());
            int status = response.getStatusCode() == null ? 0 : response.getStatusCode();
            String requestId = header(response.getHeaders(), "x-fc-request-id");
            if (status == 202) {
                return Answer.accepted(requestId);
            }
            // Any other success means FC did not queue the event (it ran it synchronously, say): not what we asked.
            return Answer.failed(status, "UnexpectedStatus", "FC answered " + status + " instead of 202 Accepted", requestId, null);
        } catch (TeaUnretryableException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Answer.failed(0, "NetworkError", cause.getClass().getSimpleName() + ": " + cause.getMessage(), null, e);
        } catch (TeaException e) {
            Map<String, Object> data = e.getData();
            int status = e.getStatusCode() == null ? statusOf(data) : e.getStatusCode();
            String message = data != null && data.get("Message") != null ? String.valueOf(data.get("Message")) : e.getMessage();
            String requestId = data != null && data.get("RequestId") != null ? String.valueOf(data.get("RequestId")) : null;
            return Answer.failed(status, e.getCode() == null || e.getCode().isEmpty() ? "HTTP" + status : e.getCode(),
                    message, requestId, e);
        } catch (Exception e) {
            // The SDK could not read the answer: typically a proxy's or gateway's HTML error page, worth a retry.
            String text = String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
            return Answer.failed(0, "UnreadableAnswer", e.getClass().getSimpleName() + ": "
                    + (text.length() > 200 ? text.substring(0, 200) + "..." : text), null, e);
        }
    }

    private InvokeFailedException failure(AsyncInvocation invocation, Answer answer, int attempts) {
        String what;
        switch (answer.code) {
            case "SignatureNotMatch":
            case "SignatureDoesNotMatch":
                what = "FC rejected the request signature of AccessKey " + key.accessKeyId() + ": the secret is not this key's "
                        + "(or the clock is far off, or a proxy rewrote the request)";
                break;
            case "InvalidAccessKeyID":
            case "InvalidAccessKeyId":
            case "InvalidAccessKeyId.NotFound":
                what = "FC does not know AccessKey " + key.accessKeyId() + " (deleted, or of another account or site)";
                break;
            case "InvalidSecurityToken":
            case "InvalidSecurityToken.Expired":
                what = "the STS token of AccessKey " + key.accessKeyId() + " is not valid (" + answer.message + ")";
                break;
            case "AccessDenied":
                what = "AccessKey " + key.accessKeyId() + " may not invoke " + target.functionName() + ": the function's role "
                        + "needs fc:InvokeFunction on the function itself (" + answer.message + ")";
                break;
            case "NetworkError":
                what = "could not reach " + target.endpoint() + " (" + answer.message + ")";
                break;
            default:
                what = answer.message;
        }
        return new InvokeFailedException("starting " + target + " (task " + invocation.taskId() + ") failed ["
                + answer.code + (answer.status > 0 ? ", HTTP " + answer.status : "") + "]: " + what
                + (attempts > 1 ? " (after " + attempts + " attempts)" : "")
                + (answer.requestId == null ? "" : " (request id " + answer.requestId + ")"),
                answer.code, answer.status, answer.requestId, attempts, answer.retryable(), answer.cause);
    }

    private static int statusOf(Map<String, Object> data) {
        Object s = data == null ? null : data.get("statusCode");
        return s instanceof Number ? ((Number) s).intValue() : 0;
    }

    private static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // The body of a 202 is empty; nothing to lose.
            }
        }
    }

    /** One call's outcome, as data. */
    private static final class Answer {
        final boolean accepted;
        final int status;
        final String code;
        final String message;
        final String requestId;
        final Throwable cause;

        private Answer(boolean accepted, int status, String code, String message, String requestId, Throwable cause) {
            this.accepted = accepted;
            this.status = status;
            this.code = code;
            this.message = message;
            this.requestId = requestId;
            this.cause = cause;
        }

        static Answer accepted(String requestId) {
            return new Answer(true, 202, null, null, requestId, null);
        }

        static Answer failed(int status, String code, String message, String requestId, Throwable cause) {
            return new Answer(false, status, code, message, requestId, cause);
        }

        /** Throttling, a server error, no answer or an unreadable one: worth another try. */
        boolean retryable() {
            return status == 0 || status == 429 || status >= 500;
        }
    }
}
