package dev.worklogbridge.simulator.gateway;

/** A token bucket holding one second's worth of requests, refilled continuously. */
final class TokenBucket {
  private final double ratePerSecond;
  private double tokens;
  private long lastNanos;

  TokenBucket(double ratePerSecond) {
    this.ratePerSecond = ratePerSecond;
    this.tokens = ratePerSecond;
    this.lastNanos = SimClock.nanos();
  }

  double rate() {
    return ratePerSecond;
  }

  synchronized boolean tryAcquire() {
    long now = SimClock.nanos();
    tokens = Math.min(ratePerSecond, tokens + (now - lastNanos) / 1e9 * ratePerSecond);
    lastNanos = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
