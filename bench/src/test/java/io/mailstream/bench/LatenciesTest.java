package io.mailstream.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatenciesTest {

    @Test
    void percentilesUseNearestRankInMilliseconds() {
        Latencies l = new Latencies();
        for (int i = 100; i >= 1; i--) {
            l.record(i * 1_000_000L); // 1..100 ms, recorded out of order
        }
        assertThat(l.count()).isEqualTo(100);
        assertThat(l.percentileMillis(50)).isEqualTo(50.0);
        assertThat(l.percentileMillis(99)).isEqualTo(99.0);
        assertThat(l.percentileMillis(100)).isEqualTo(100.0);
    }

    @Test
    void noSamplesIsNotANumber() {
        assertThat(new Latencies().percentileMillis(50)).isNaN();
    }

    @Test
    void medianOfEvenAndOddCounts() {
        assertThat(Report.median(new double[] {1, 2, 10})).isEqualTo(2.0);
        assertThat(Report.median(new double[] {1, 2, 3, 10})).isEqualTo(2.5);
    }
}
