package dev.worklogbridge.inbound.apply;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The delay from a source's change to its write on the target, per minute over the last hour, for
 * the console's chart: each minute counts its writes in bins that grow by a quarter (10 ms, 12.5
 * ms, ... about six minutes, then one bin for anything longer), so a percentile is the upper edge
 * of its bin: at most 25 % high, in a few kilobytes whatever the traffic. The metric {@code
 * worklog_bridge_apply_delay} carries the same delays for Prometheus.
 */
@ApplicationScoped
public class DelayHistory {

  static final int MINUTES = 60;
  private static final int BINS = 48;
  private static final long[] UPPER_MS = new long[BINS];

  static {
    double edge = 10;
    for (int i = 0; i < BINS; i++) {
      UPPER_MS[i] = Math.round(edge);
      edge *= 1.25;
    }
  }

  /** One minute: when it began, how many writes, and their p50 and p99 (ms; 0 without writes). */
  public record Minute(Instant at, long count, long p50Ms, long p99Ms) {}

  @Inject Clock clock;

  private final long[][] counts = new long[MINUTES][BINS + 1];
  private final long[] minuteOfSlot = new long[MINUTES];

  /** Records one write's delay, in the current minute. */
  public synchronized void record(Duration delay) {
    long[] bins = slot(clock.millis() / 60_000);
    long ms = Math.max(0, delay.toMillis());
    int bin = 0;
    while (bin < BINS && ms >= UPPER_MS[bin]) {
      bin++;
    }
    bins[bin]++;
  }

  /** The last {@value #MINUTES} minutes, oldest first, the current one last. */
  public synchronized List<Minute> lastHour() {
    long now = clock.millis() / 60_000;
    List<Minute> out = new ArrayList<>(MINUTES);
    for (long m = now - MINUTES + 1; m <= now; m++) {
      int i = (int) Math.floorMod(m, (long) MINUTES);
      long[] bins = minuteOfSlot[i] == m ? counts[i] : new long[BINS + 1];
      long count = 0;
      for (long c : bins) {
        count += c;
      }
      out.add(
          new Minute(
              Instant.ofEpochMilli(m * 60_000),
              count,
              percentile(bins, count, 0.50),
              percentile(bins, count, 0.99)));
    }
    return out;
  }

  private long[] slot(long minute) {
    int i = (int) Math.floorMod(minute, (long) MINUTES);
    if (minuteOfSlot[i] != minute) {
      minuteOfSlot[i] = minute;
      java.util.Arrays.fill(counts[i], 0);
    }
    return counts[i];
  }

  /**
   * The upper edge of the bin holding the q-th of {@code count} delays (the last bin: its lower).
   */
  private static long percentile(long[] bins, long count, double q) {
    if (count == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(q * count);
    long seen = 0;
    for (int b = 0; b <= BINS; b++) {
      seen += bins[b];
      if (seen >= rank) {
        return b < BINS ? UPPER_MS[b] : UPPER_MS[BINS - 1];
      }
    }
    return UPPER_MS[BINS - 1];
  }
}
