package org.newsroom.platform.tracing;

import java.nio.charset.StandardCharsets;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import org.apache.kafka.common.header.Headers;

/**
 * The W3C trace context ({@code traceparent}) of the request being served, for work that leaves the request's
 * thread: an outbox entry or a queued beacon keeps it, and the Kafka record sent later carries it as a header, so a
 * reader's click or payment can be followed from the gateway to the event its consumers read.
 */
public final class TraceContext {

    public static final String TRACEPARENT = "traceparent";

    private TraceContext() {
    }

    /** @return the current traceparent, or null outside a traced request */
    public static String currentTraceparent() {
        String[] found = new String[1];
        W3CTraceContextPropagator.getInstance().inject(Context.current(), found, (carrier, key, value) -> {
            if (TRACEPARENT.equals(key)) {
                carrier[0] = value;
            }
        });
        return found[0];
    }

    /** Adds the traceparent kept with the work to a Kafka record's headers (nothing when there was none). */
    public static void addTo(Headers headers, String traceparent) {
        if (traceparent != null) {
            headers.remove(TRACEPARENT);
            headers.add(TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII));
        }
    }
}
