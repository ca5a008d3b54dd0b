package dev.worklogbridge.simulator.gateway;

/**
 * Per-site rate limits, per token. Tempo's gateway allows 5 requests per second; 0 means no limit.
 * {@code retryAfterSeconds} null sends 429 without a Retry-After header (whether Tempo sends one is
 * uncertain, so clients must cope with both).
 */
public record SiteLimits(
    double tempoRequestsPerSecond, double jiraRequestsPerSecond, Integer retryAfterSeconds) {
  public static final SiteLimits DEFAULT = new SiteLimits(5, 0, 1);
}
