package org.newsroom.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class TraceContextTest {

    private static final String CALLERS = "00-5a1b2c3d4e5f60718293a4b5c6d7e8f9-1122334455667788-01";

    @Test
    void aValidCallersTraceparentIsCarriedOnAsTheCallerSentIt() {
        assertThat(TraceContext.callersTraceparent(CALLERS)).isEqualTo(CALLERS);
    }

    @Test
    void aMissingOrMalformedTraceparentIsNotCarriedOn() {
        assertThat(TraceContext.callersTraceparent(null)).isNull();
        assertThat(TraceContext.callersTraceparent("00-not-a-trace-01")).isNull();
        // An all-zero trace id is invalid by the W3C specification.
        assertThat(TraceContext.callersTraceparent("00-00000000000000000000000000000000-1122334455667788-01"))
                .isNull();
        assertThat(TraceContext.callersTraceparent(CALLERS + "\r\nX-Injected: yes")).isNull();
    }

    @Test
    void theKeptTraceparentReplacesAnyOnTheRecord() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(TraceContext.TRACEPARENT, "stale".getBytes(StandardCharsets.US_ASCII));

        TraceContext.addTo(headers, CALLERS);

        assertThat(headers.headers(TraceContext.TRACEPARENT)).hasSize(1);
        assertThat(new String(headers.lastHeader(TraceContext.TRACEPARENT).value(), StandardCharsets.US_ASCII))
                .isEqualTo(CALLERS);
    }
}
