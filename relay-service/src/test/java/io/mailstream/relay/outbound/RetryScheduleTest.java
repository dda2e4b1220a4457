package io.mailstream.relay.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final Instant ACCEPTED = Instant.parse("2024-05-01T10:00:00Z");
    private final RetrySchedule schedule = new RetrySchedule(List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(4)), Duration.ofDays(5));

    @Test
    void backsOffAlongTheScheduleAndRepeatsItsLastStep() {
        Instant t = ACCEPTED;
        List<Duration> waits = new java.util.ArrayList<>();
        for (int attempt = 1; attempt <= 7; attempt++) {
            Instant next = schedule.next(attempt, t, ACCEPTED);
            waits.add(Duration.between(t, next));
            t = next;
        }
        assertThat(waits).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
                Duration.ofHours(1), Duration.ofHours(4), Duration.ofHours(4), Duration.ofHours(4));
    }

    @Test
    void theLastRetryHappensAtExpiryAndNoneAfter() {
        Instant late = ACCEPTED.plus(Duration.ofDays(5)).minus(Duration.ofMinutes(30));

        assertThat(schedule.next(40, late, ACCEPTED)).isEqualTo(ACCEPTED.plus(Duration.ofDays(5)));
        assertThat(schedule.expired(ACCEPTED, late)).isFalse();
        assertThat(schedule.expired(ACCEPTED, ACCEPTED.plus(Duration.ofDays(5)))).isTrue();
    }

    @Test
    void anEmptyScheduleIsRefused() {
        assertThatThrownBy(() -> new RetrySchedule(List.of(), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
