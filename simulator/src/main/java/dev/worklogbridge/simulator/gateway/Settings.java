package dev.worklogbridge.simulator.gateway;

/**
 * Simulator-wide knobs, changed through {@code PUT /_sim/settings}. Defaults follow the real
 * clouds; tests shorten the waits.
 */
public final class Settings {
  /** Delay between webhook delivery attempts (Tempo: 5 to 15 minutes). */
  public volatile long webhookRetryDelayMs = 300_000;

  /** Attempts before a subscription is deactivated (Tempo: 10). */
  public volatile int webhookMaxAttempts = 10;

  /** A delivery slower than this counts as failed (Tempo: 30 s). */
  public volatile long webhookTimeoutMs = 30_000;

  /** Jira's worklog feeds hide changes younger than this (Jira: one minute). */
  public volatile long jiraFeedDelayMs = 60_000;

  /** Real Tempo insists on https webhook URLs; the simulator allows http unless told otherwise. */
  public volatile boolean allowHttpWebhooks = true;

  /** Time a bulk create spends per item, so that concurrent bulks on one issue can be provoked. */
  public volatile long bulkItemDelayMs = 0;

  /**
   * The papertrail's item schema is undocumented: true leaves the deletion time out of its items,
   * so clients can be tested against the leaner reading.
   */
  public volatile boolean papertrailWithoutTime = false;

  /**
   * The next this many URL verifications of new or refreshed webhook subscriptions fail as if the
   * endpoint had not answered (a subscriber not listening yet, a network fault): the subscription
   * stays inactive, as Tempo keeps it.
   */
  public final java.util.concurrent.atomic.AtomicInteger webhookVerificationFailures =
      new java.util.concurrent.atomic.AtomicInteger();

  public void reset() {
    webhookVerificationFailures.set(0);
    Settings d = new Settings();
    papertrailWithoutTime = d.papertrailWithoutTime;
    webhookRetryDelayMs = d.webhookRetryDelayMs;
    webhookMaxAttempts = d.webhookMaxAttempts;
    webhookTimeoutMs = d.webhookTimeoutMs;
    jiraFeedDelayMs = d.jiraFeedDelayMs;
    allowHttpWebhooks = d.allowHttpWebhooks;
    bulkItemDelayMs = d.bulkItemDelayMs;
  }
}
