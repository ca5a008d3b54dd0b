package dev.worklogbridge.cloud;

/**
 * What stands around each attempt of a call to one site's API: the services put a circuit breaker
 * there, so a site that is down is not asked again and again (its events park at once, and are
 * retried when it answers again). {@link #NONE} sends every attempt.
 */
public interface CallGuard {

  CallGuard NONE = Attempt::send;

  /**
   * One attempt: sends the request once and reads its answer; throws the REST Client's {@code
   * ProcessingException} when no answer came.
   */
  @FunctionalInterface
  interface Attempt {
    Answer send();
  }

  /** Sends {@code attempt}, or throws {@link Open} without sending it. */
  Answer send(Attempt attempt);

  /** The attempt was not sent: the site failed too often lately. Nothing was stored. */
  final class Open extends RuntimeException {
    public Open(String message) {
      super(message);
    }
  }
}
