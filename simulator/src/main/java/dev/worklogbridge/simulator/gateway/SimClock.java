package dev.worklogbridge.simulator.gateway;

import java.time.Duration;
import java.time.Instant;

/**
 * The simulator's one source of time: rate-limit buckets, token expiry and worklog timestamps read
 * it. It follows the wall clock until a test freezes it ({@code PUT /_sim/clock}); from then on it
 * moves only when told to ({@code POST /_sim/clock/advance}), so that a test of anything
 * time-dependent steps time instead of racing the machine. {@code POST /_sim/reset} lets it run
 * again.
 */
public final class SimClock {

  private static final Object LOCK = new Object();
  private static volatile Instant frozenAt;
  private static volatile long frozenNanos;

  private SimClock() {}

  /** The current instant (millisecond precision, as the real clouds keep it). */
  public static Instant instant() {
    Instant frozen = frozenAt;
    return frozen != null ? frozen : Instant.ofEpochMilli(System.currentTimeMillis());
  }

  /** A monotonic reading in nanoseconds, for measuring intervals (rate-limit refills). */
  public static long nanos() {
    return frozenAt != null ? frozenNanos : System.nanoTime();
  }

  /** Stops the clock at {@code at} (now when null). */
  public static void freeze(Instant at) {
    synchronized (LOCK) {
      frozenNanos = frozenAt != null ? frozenNanos : System.nanoTime();
      frozenAt = at != null ? at : instant();
    }
  }

  /** Moves a frozen clock forward; refused while the clock runs with the wall clock. */
  public static Instant advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("the clock only moves forward");
    }
    synchronized (LOCK) {
      if (frozenAt == null) {
        throw new IllegalStateException("freeze the clock before advancing it");
      }
      frozenAt = frozenAt.plus(by);
      frozenNanos += by.toNanos();
      return frozenAt;
    }
  }

  /** Lets the clock follow the wall clock again. */
  public static void run() {
    synchronized (LOCK) {
      frozenAt = null;
    }
  }

  public static boolean frozen() {
    return frozenAt != null;
  }
}
