package dev.worklogbridge.cloud;

import java.time.Duration;

/**
 * The requests one token may send: every call waits for its turn here, and a 429 holds back every
 * caller of the token. A {@link RateLimiter} is a process's own budget; the services share one per
 * token across all their processes and pods (the token's budget in the database).
 */
public interface RequestBudget {

  /** Blocks until this caller may send. */
  void acquire() throws InterruptedException;

  /** After a 429: nobody sends with this token before {@code delay} has passed. */
  void backOff(Duration delay);
}
