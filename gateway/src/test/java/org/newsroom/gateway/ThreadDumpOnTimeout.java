package org.newsroom.gateway;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.http.HttpTimeoutException;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a request in a gateway test gets no answer in time (WebTestClient's blocking read or the JDK client's
 * request timeout), prints every thread's stack before the failure is reported: a request that hangs is only
 * diagnosable from what each event loop was doing at that moment (how the keep-alive stall behind
 * KeepAliveReadStallWorkaround was found). Registered for all gateway tests through META-INF/services
 * (junit-platform.properties turns on extension auto-detection).
 */
public final class ThreadDumpOnTimeout implements TestExecutionExceptionHandler {

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (failure instanceof HttpTimeoutException
                || String.valueOf(failure.getMessage()).startsWith("Timeout on blocking read")) {
            StringBuilder dump = new StringBuilder("Threads when " + context.getDisplayName() + " timed out:\n");
            for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
                dump.append(thread.getThreadName()).append(" (").append(thread.getThreadState()).append(")\n");
                for (StackTraceElement frame : thread.getStackTrace()) {
                    dump.append("    at ").append(frame).append('\n');
                }
            }
            System.err.println(dump);
        }
        throw failure;
    }
}
