package dev.secondaryorigin.fc;

import dev.secondaryorigin.log.EventLog;
import java.util.Collections;

import static dev.secondaryorigin.log.EventLog.field;

/** An HTTP trigger request: access check, then the route's action, answered in FC's HTTP response shape. */
final class HttpTrigger {
    private HttpTrigger() {
    }

    static HttpResponse handle(FcEvent.Http request, FcInstance instance, FcActions actions,
                               com.aliyun.fc.runtime.Context context, EventLog log) {
        HttpResponse refused = HttpAccess.fromEnvironment(instance.variables()).check(request);
        if (refused != null) {
            log.warn("http-refused", field("status", refused.statusCode()), field("path", request.path()),
                    field("sourceIp", request.sourceIp()));
            return refused;
        }
        if (TaskRoutes.matches(request.path())) {
            return actions.tasks(context, request.method() + " " + request.path(), api -> TaskRoutes.handle(request, api))
                    .toHttp();
        }
        HttpRoute route;
        try {
            route = HttpRoute.of(request);
        } catch (HttpRoute.HttpRouteException e) {
            return e.response();
        }
        switch (route.kind()) {
            case SYNC:
                return actions.run(Action.SYNC, route.overrides(), null, "http").http();
            case STATUS:
                return actions.run(Action.STATUS, Collections.emptyMap(), null, "http").http();
            case ROLLBACK:
                return actions.rollback(Collections.emptyMap(), route.reportId(), "http").http();
            case DRILL:
                return actions.run(Action.DRILL, Collections.emptyMap(), route.drill(), "http").http();
            case REPORT:
            default:
                return actions.report(route.reportId()).http();
        }
    }
}
