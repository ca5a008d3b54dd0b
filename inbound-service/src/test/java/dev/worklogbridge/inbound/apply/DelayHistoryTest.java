package dev.worklogbridge.inbound.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class DelayHistoryTest {

  private Instant now = Instant.parse("2026-12-04T10:00:30Z");

  private DelayHistory history() {
    DelayHistory h = new DelayHistory();
    h.clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now;
          }
        };
    return h;
  }

  @Test
  void percentilesPerMinuteAreTheUpperEdgeOfTheirBinAtMostAQuarterHigh() {
    DelayHistory h = history();
    for (int i = 0; i < 98; i++) {
      h.record(Duration.ofMillis(200));
    }
    h.record(Duration.ofMillis(4_000));
    h.record(Duration.ofMillis(4_000));

    List<DelayHistory.Minute> hour = h.lastHour();
    assertThat(hour).hasSize(60);
    DelayHistory.Minute last = hour.get(59);
    assertThat(last.at()).isEqualTo(Instant.parse("2026-12-04T10:00:00Z"));
    assertThat(last.count()).isEqualTo(100);
    assertThat(last.p50Ms()).isBetween(200L, 250L);
    // The 99th of 100 is one of the two slow ones.
    assertThat(last.p99Ms()).isBetween(4_000L, 5_000L);
    assertThat(hour.subList(0, 59)).allMatch(m -> m.count() == 0 && m.p99Ms() == 0);
  }

  @Test
  void aMinuteLeavesTheHourAfterSixtyMinutesAndItsSlotStartsEmpty() {
    DelayHistory h = history();
    h.record(Duration.ofMillis(50));
    now = now.plus(Duration.ofMinutes(59));
    h.record(Duration.ofSeconds(2));
    assertThat(h.lastHour().get(0).count()).isEqualTo(1);
    assertThat(h.lastHour().get(59).count()).isEqualTo(1);

    now = now.plus(Duration.ofMinutes(1));
    // The slot of the first minute is reused: what it held is not counted again.
    h.record(Duration.ofMillis(50));
    List<DelayHistory.Minute> hour = h.lastHour();
    assertThat(hour.stream().mapToLong(DelayHistory.Minute::count).sum()).isEqualTo(2);
    assertThat(hour.get(59).count()).isEqualTo(1);
    assertThat(hour.get(58).p50Ms()).isBetween(2_000L, 2_500L);
  }

  @Test
  void anythingLongerThanTheBinsIsCountedInTheLast() {
    DelayHistory h = history();
    h.record(Duration.ofHours(2));
    assertThat(h.lastHour().get(59).count()).isEqualTo(1);
    assertThat(h.lastHour().get(59).p99Ms()).isGreaterThan(300_000L);
  }
}
