package dev.secondaryorigin.testing.fcapi;

/** Runs the function for one delivered invocation, as FC's asynchronous queue would. */
@FunctionalInterface
public interface InvocationHandler {
    /** {@code delivery}: 1 for the first delivery of this invocation, 2 for a redelivery, ... */
    void handle(RecordedInvocation invocation, int delivery) throws Exception;
}
