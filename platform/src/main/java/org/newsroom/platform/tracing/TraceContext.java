package org.newsroom.platform.tracing;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import org.apache.kafka.common.header.Headers;

/**
 * The W3C trace context ({@code traceparent}) of the request being served, for work that leaves the request's
 * thread: an outbox entry or a queued beacon keeps it, and the Kafka record sent later carries it as a header, so a
 * reader's click or payment can be followed from the gateway to the event its consumers read.
 */
public final class TraceContext {

    public static final String TRACEPARENT = "traceparent";

    /** Reads a carrier that is the traceparent header itself. */
    private static final TextMapGetter<String> SINGLE_TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private TraceContext() {
    }

    /** @return the current traceparent, or null outside a traced request */
    public static String currentTraceparent() {
        return traceparentOf(Context.current());
    }

    /**
     * For requests served without a span of their own: the caller's trace context, parsed and written again by the
     * W3C propagator, so that work done for the request continues the caller's trace.
     *
     * @return the traceparent the caller sent, or null when it sent none or an invalid one
     */
    public static String callersTraceparent(String header) {
        if (header == null) {
            return null;
        }
        Context callers = W3CTraceContextPropagator.getInstance().extract(Context.root(), header, SINGLE_TRACEPARENT);
        return Span.fromContext(callers).getSpanContext().isValid() ? traceparentOf(callers) : null;
    }

    private static String traceparentOf(Context context) {
        String[] found = new String[1];
        W3CTraceContextPropagator.getInstance().inject(context, found, (carrier, key, value) -> {
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
