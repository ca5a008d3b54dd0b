package dev.worklogbridge.cloud;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spaces the calls made with one token evenly, {@code permitsPerSecond} at most, and holds every
 * caller back after a 429 until the server's Retry-After has passed: a budget of this process
 * alone. One instance per token, shared by everything in the process that uses the token ({@link
 * #forToken}).
 */
public final class RateLimiter implements RequestBudget {

  private static final Map<String, RateLimiter> BY_TOKEN = new ConcurrentHashMap<>();

  private final long intervalNanos;
  private long nextFreeNanos;

  public RateLimiter(double permitsPerSecond) {
    this.intervalNanos = permitsPerSecond <= 0 ? 0 : (long) (1_000_000_000L / permitsPerSecond);
    this.nextFreeNanos = System.nanoTime();
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
      long slot = Math.max(now, nextFreeNanos);
      nextFreeNanos = slot + intervalNanos;
      wait = slot - now;
    }
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }

  @Override
  public synchronized void backOff(Duration delay) {
    nextFreeNanos = Math.max(nextFreeNanos, System.nanoTime() + delay.toNanos());
  }
}
