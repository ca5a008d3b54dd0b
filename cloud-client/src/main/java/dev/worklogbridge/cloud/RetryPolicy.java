package dev.worklogbridge.cloud;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded retries: at most {@code maxAttempts} tries; 429 waits for Retry-After (or {@code
 * rateLimitWait} when absent), everything else backs off exponentially from {@code initialBackoff}
 * up to {@code maxBackoff}, with full jitter.
 */
public record RetryPolicy(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration rateLimitWait) {

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(6, Duration.ofMillis(250), Duration.ofSeconds(15), Duration.ofSeconds(1));

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  /** The wait before attempt {@code attempt + 1} after a failure that was not a 429. */
  public Duration backoff(int attempt) {
    long cap =
        Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(attempt - 1, 20));
    long base = Math.max(1, cap / 2);
    return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(cap - base + 1));
  }
}
