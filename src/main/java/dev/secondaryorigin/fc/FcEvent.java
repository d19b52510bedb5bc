package dev.secondaryorigin.fc;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One recognised invocation event. Immutable. Made by {@link FcEventParser}. */
public abstract class FcEvent {
    /** The accepted event shapes. */
    public enum Kind { TIMER, INVOKE, HTTP, CDN_LOG_FILES }

    private FcEvent() {
    }

    public abstract Kind kind();

    /** A timer trigger's firing; its payload may name an action and override options for this run. */
    public static final class Timer extends FcEvent {
        private final String triggerName;
        private final String triggerTime;
        private final Action action;
        private final Map<String, List<String>> overrides;

        Timer(String triggerName, String triggerTime, Action action, Map<String, List<String>> overrides) {
            this.triggerName = triggerName;
            this.triggerTime = triggerTime;
            this.action = action;
            this.overrides = overrides;
        }

        @Override
        public Kind kind() {
            return Kind.TIMER;
        }

        public String triggerName() {
            return triggerName;
        }

        public String triggerTime() {
            return triggerTime;
        }

        /** {@link Action#SYNC} unless the payload names another. */
        public Action action() {
            return action;
        }

        /** Raw option values keyed by canonical name. */
        public Map<String, List<String>> overrides() {
            return overrides;
        }
    }

    /** A direct invoke ({@code s invoke -e '{"action":"sync"}'}). */
    public static final class Invoke extends FcEvent {
        private final Action action;
        private final Map<String, List<String>> overrides;
        private final String toPass;
        private final DrillRequest drill;

        Invoke(Action action, Map<String, List<String>> overrides, String toPass) {
            this(action, overrides, toPass, null);
        }

        Invoke(Action action, Map<String, List<String>> overrides, String toPass, DrillRequest drill) {
            this.action = action;
            this.overrides = overrides;
            this.toPass = toPass;
            this.drill = drill;
        }

        /** For {@link Action#DRILL}: what to drill; null for other actions. */
        public DrillRequest drill() {
            return drill;
        }

        /** For {@link Action#ROLLBACK}: the pass to go back to, or null when the event named none. */
        public String toPass() {
            return toPass;
        }

        @Override
        public Kind kind() {
            return Kind.INVOKE;
        }

        public Action action() {
            return action;
        }

        public Map<String, List<String>> overrides() {
            return overrides;
        }
    }

    /** A request through an FC 3.0 HTTP trigger. */
    public static final class Http extends FcEvent {
        private final String method;
        private final String rawPath;
        private final String path;
        private final Map<String, String> headers;
        private final Map<String, String> query;
        private final byte[] body;
        private final String requestId;
        private final String sourceIp;

        Http(String method, String rawPath, String path, Map<String, String> headers, Map<String, String> query,
             byte[] body, String requestId, String sourceIp) {
            this.method = method;
            this.rawPath = rawPath;
            this.path = path;
            TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            h.putAll(headers);
            this.headers = Collections.unmodifiableMap(h);
            this.query = Collections.unmodifiableMap(query);
            this.body = body;
            this.requestId = requestId;
            this.sourceIp = sourceIp;
        }

        @Override
        public Kind kind() {
            return Kind.HTTP;
        }

        /** Upper case, e.g. {@code GET}. */
        public String method() {
            return method;
        }

        public String rawPath() {
            return rawPath;
        }

        /**
         * The path the API routes on: {@code rawPath} without the
         * {@code /2023-03-30/functions/NAME/invocations} prefix FC adds when the function is invoked
         * through the API rather than the trigger's URL; never empty.
         */
        public String path() {
            return path;
        }

        /** Header names compare case-insensitively. */
        public Map<String, String> headers() {
            return headers;
        }

        public String header(String name) {
            return headers.get(name);
        }

        public Map<String, String> query() {
            return query;
        }

        /** The body, base64-decoded when the event said so. */
        public byte[] body() {
            return body.clone();
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** {@code requestContext.requestId}, or null. */
        public String requestId() {
            return requestId;
        }

        public String sourceIp() {
            return sourceIp;
        }
    }

    /** CDN {@code LogFileCreated} events: new offline access-log files of a domain. */
    public static final class CdnLogFiles extends FcEvent {
        private final List<LogFile> files;

        CdnLogFiles(List<LogFile> files) {
            this.files = Collections.unmodifiableList(files);
        }

        @Override
        public Kind kind() {
            return Kind.CDN_LOG_FILES;
        }

        public List<LogFile> files() {
            return files;
        }
    }

    /** One log file a {@code LogFileCreated} event announces. */
    public static final class LogFile {
        private final String domain;
        private final String filePath;
        private final long fileSize;
        private final long startTime;
        private final long endTime;
        private final String region;
        private final String eventTime;

        LogFile(String domain, String filePath, long fileSize, long startTime, long endTime, String region,
                String eventTime) {
            this.domain = domain;
            this.filePath = filePath;
            this.fileSize = fileSize;
            this.startTime = startTime;
            this.endTime = endTime;
            this.region = region;
            this.eventTime = eventTime;
        }

        public String domain() {
            return domain;
        }

        /** The signed download URL; it carries a signature, so log {@link #safePath()} instead. */
        public String filePath() {
            return filePath;
        }

        /** The download URL without its query (signature), fit for logs. */
        public String safePath() {
            int q = filePath.indexOf('?');
            return q < 0 ? filePath : filePath.substring(0, q);
        }

        public long fileSize() {
            return fileSize;
        }

        /** Start of the period the log covers, epoch seconds. */
        public long startTime() {
            return startTime;
        }

        public long endTime() {
            return endTime;
        }

        public String region() {
            return region;
        }

        public String eventTime() {
            return eventTime;
        }
    }
}
