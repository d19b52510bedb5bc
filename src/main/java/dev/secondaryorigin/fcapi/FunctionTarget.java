package dev.secondaryorigin.fcapi;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The function an invocation starts: endpoint, name and qualifier ({@code LATEST}, a version or an alias). In FC
 * the function invokes itself, so {@link #self} reads its own name, account and region from the runtime's
 * variables.
 */
public final class FunctionTarget {
    public static final String FUNCTION_NAME_ENV = "FC_FUNCTION_NAME";
    public static final String ACCOUNT_ID_ENV = "FC_ACCOUNT_ID";
    public static final String REGION_ENV = "FC_REGION";
    public static final String LATEST = "LATEST";

    /** FC 3.0's function names: a letter or underscore, then letters, digits, _ and -, 128 at most. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,127}");
    private static final Pattern QUALIFIER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,127}");

    private final FcEndpoint endpoint;
    private final String functionName;
    private final String qualifier;

    public FunctionTarget(FcEndpoint endpoint, String functionName, String qualifier) {
        if (functionName == null || !NAME.matcher(functionName).matches()) {
            throw new IllegalArgumentException("not a Function Compute function name: \"" + functionName + "\"");
        }
        String q = qualifier == null || qualifier.trim().isEmpty() ? LATEST : qualifier.trim();
        if (!QUALIFIER.matcher(q).matches()) {
            throw new IllegalArgumentException("not a function qualifier (LATEST, a version or an alias): \""
                    + qualifier + "\"");
        }
        this.endpoint = endpoint;
        this.functionName = functionName;
        this.qualifier = q;
    }

    /**
     * This function, as the FC runtime describes it ({@code FC_FUNCTION_NAME}, {@code FC_ACCOUNT_ID},
     * {@code FC_REGION}); {@code endpointOverride} (may be null) replaces the endpoint built from the account and
     * region, {@code overrideOption} names it in errors. {@code qualifier}: the one this instance runs as
     * ({@code context.getService().getQualifier()}), null for LATEST.
     */
    public static FunctionTarget self(Map<String, String> env, String endpointOverride, String overrideOption,
                                      String qualifier) {
        String name = env.get(FUNCTION_NAME_ENV);
        if (name == null || name.trim().isEmpty()) {
            throw new IllegalArgumentException(FUNCTION_NAME_ENV + " is not set: the dispatcher starts tasks by "
                    + "invoking its own function, so it runs in Function Compute (which sets the variable)");
        }
        FcEndpoint endpoint = endpointOverride != null && !endpointOverride.trim().isEmpty()
                ? FcEndpoint.parse(endpointOverride, overrideOption)
                : FcEndpoint.forAccount(env.get(ACCOUNT_ID_ENV), env.get(REGION_ENV), ACCOUNT_ID_ENV + "/" + REGION_ENV);
        return new FunctionTarget(endpoint, name.trim(), qualifier);
    }

    public FcEndpoint endpoint() {
        return endpoint;
    }

    public String functionName() {
        return functionName;
    }

    public String qualifier() {
        return qualifier;
    }

    @Override
    public String toString() {
        return functionName + ":" + qualifier + " at " + endpoint;
    }
}
