package org.newsroom.donations.finance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LedgerCsvTest {

    @Test
    void cellsThatASpreadsheetWouldRunAreDefused() {
        assertThat(LedgerCsv.cell("=1+1")).isEqualTo("'=1+1");
        assertThat(LedgerCsv.cell("+44 20")).isEqualTo("'+44 20");
        assertThat(LedgerCsv.cell("-2")).isEqualTo("'-2");
        assertThat(LedgerCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(LedgerCsv.cell("\tx")).isEqualTo("'\tx");
        assertThat(LedgerCsv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(LedgerCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(LedgerCsv.cell("plain")).isEqualTo("plain");
        assertThat(LedgerCsv.cell(null)).isEmpty();
    }

    /**
     * A million contributions go out row by row: the heap in use half-way through (after a full collection) stays
     * within a few megabytes of where it started, where holding the rows would take hundreds.
     */
    @Test
    void aMillionRowExportStreamsInBoundedMemory() throws Exception {
        long rows = 1_000_000;
        long baseline = usedHeapAfterGc();
        AtomicLong peakGrowth = new AtomicLong();
        AtomicLong written = new AtomicLong();
        Iterator<LedgerRow> ledger = new Iterator<>() {
            long produced;

            @Override
            public boolean hasNext() {
                return produced < rows;
            }

            @Override
            public LedgerRow next() {
                produced++;
                if (produced == rows / 2) {
                    peakGrowth.set(usedHeapAfterGc() - baseline);
                }
                Instant at = Instant.ofEpochSecond(1_790_000_000L + produced);
                return new LedgerRow("ctb_" + produced, "paid", "one_off", 1000 + produced % 5000, "USD", "10.00",
                        59L, 941L, "USD", null, 0, "reader" + produced + "@example.org", "US",
                        "https://news.example/a", "control", at, at, null, null, "pi_" + produced, "ch_" + produced,
                        null, null, "cs_" + produced);
            }
        };
        Writer discard = new Writer() {
            @Override
            public void write(char[] buffer, int offset, int length) {
                written.addAndGet(length);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };

        long count = LedgerCsv.write(ledger, discard);

        assertThat(count).isEqualTo(rows);
        assertThat(written.get()).isGreaterThan(rows * 150); // the rows really were written
        assertThat(peakGrowth.get()).isLessThan(32L * 1024 * 1024);
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
