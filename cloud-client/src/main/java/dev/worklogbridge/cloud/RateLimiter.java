package dev.worklogbridge.cloud;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the calls made with one token to {@code permitsPerSecond} in any second: the last {@code
 * burst} calls (the rate rounded down, at least one) are remembered, and a call goes when the one
 * {@code burst} back is {@code burst / rate} seconds old. An idle token answers a short run of
 * calls at once (a new issue's lookups one after the other) instead of spacing each after the one
 * before. Every caller is held back after a 429 until the server's Retry-After has passed: a budget
 * of this process alone. One instance per token, shared by everything in the process that uses the
 * token ({@link #forToken}).
 */
public final class RateLimiter implements RequestBudget {

  private static final Map<String, RateLimiter> BY_TOKEN = new ConcurrentHashMap<>();

  private final long windowNanos;
  private final long[] recent;
  private int oldest;
  private long holdUntil;

  public RateLimiter(double permitsPerSecond) {
    int burst = burst(permitsPerSecond);
    this.windowNanos =
        permitsPerSecond <= 0 ? 0 : (long) (burst * 1_000_000_000L / permitsPerSecond);
    long now = System.nanoTime();
    this.recent = new long[burst];
    Arrays.fill(recent, now - windowNanos);
    this.holdUntil = now;
  }

  /** How many calls a token of this rate answers at once when idle: the rate, at least one. */
  public static int burst(double permitsPerSecond) {
    return Math.max(1, (int) Math.floor(permitsPerSecond));
  }

  /** The limiter of a token, identified by a fingerprint (never the token itself). */
  public static RateLimiter forToken(String tokenFingerprint, double permitsPerSecond) {
    return BY_TOKEN.computeIfAbsent(
        tokenFingerprint + "@" + permitsPerSecond, k -> new RateLimiter(permitsPerSecond));
  }

  @Override
  public void acquire() throws InterruptedException {
    long wait;
    synchronized (this) {
      long now = System.nanoTime();
      // now, the hold-back and the turn a burst back only grow, so the slots come out in order.
      long slot = Math.max(Math.max(now, holdUntil), recent[oldest] + windowNanos);
      recent[oldest] = slot;
      oldest = (oldest + 1) % recent.length;
      wait = slot - now;
    }
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }

  @Override
  public synchronized void backOff(Duration delay) {
    holdUntil = Math.max(holdUntil, System.nanoTime() + delay.toNanos());
  }
}
