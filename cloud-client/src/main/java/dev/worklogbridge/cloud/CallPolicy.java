package dev.worklogbridge.cloud;

import io.smallrye.faulttolerance.api.Guard;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * How every call to one site's API is made, whichever REST Client method sends it: through the
 * token's rate limiter and the site's {@link CallGuard}, retried within the {@link RetryPolicy} on
 * retryable failures (Retry-After honoured on 429), never re-sent blind when it is a create,
 * classified once by {@link ErrorClassifier} onto {@link CloudException}.
 */
public final class CallPolicy {

  private static final Logger LOG = Logger.getLogger(CallPolicy.class);

  private final String site;
  private final String api;
  private final RequestBudget limiter;
  private final RetryPolicy policy;
  private final CallObserver observer;
  private final CallGuard guard;
  private final Guard retries;

  public CallPolicy(
      String site,
      String api,
      RequestBudget limiter,
      RetryPolicy policy,
      CallObserver observer,
      CallGuard guard) {
    this.site = site;
    this.api = api;
    this.limiter = limiter;
    this.policy = policy;
    this.observer = observer;
    this.guard = guard;
    this.retries = retries();
  }

  public String site() {
    return site;
  }

  /**
   * Sends and returns the answer when its status is 2xx or in {@code seen}; retries what is
   * retryable; throws {@link CloudException} otherwise. Only for calls that may be repeated safely:
   * reads, full-replacement updates, deletes, searches. {@code path} is the documented path
   * template ({@code /4/worklogs/{id}}): it names the call in metrics, traces and messages.
   */
  public Answer send(String method, String path, Supplier<Response> call, Set<Integer> seen) {
    return send(method, path, call, seen, true);
  }

  /**
   * Sends a call that must not happen twice (a create). It is re-sent only when the answer proves
   * that nothing was done: a 429 (the gateway refused it) or a connection that was never made. A
   * timeout, a dropped connection, a 408 or a 5xx may come after the write was stored, so they
   * throw at once ({@link CloudException#outcomeUnknown()}): the caller looks for what was stored
   * before it creates anything again.
   */
  public Answer sendOnce(String method, String path, Supplier<Response> call, Set<Integer> seen) {
    return send(method, path, call, seen, false);
  }

  private Answer send(
      String method, String path, Supplier<Response> call, Set<Integer> seen, boolean repeatable) {
    String named = method + " " + path;
    AtomicInteger attempts = new AtomicInteger();
    try {
      return retries.call(
          () -> attempt(method, path, named, call, seen, repeatable, attempts.incrementAndGet()),
          Answer.class);
    } catch (Again again) {
      throw again.exhausted();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CloudException(
          ErrorKind.RETRYABLE, 0, site, api, said(named, "interrupted while backing off"), e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * One attempt. Answers what the caller wants; throws {@link Again} when another attempt may
   * follow (the retry guard waits as it says and calls again, or gives up after the last one),
   * {@link CloudException} when none may.
   */
  private Answer attempt(
      String method,
      String path,
      String named,
      Supplier<Response> call,
      Set<Integer> seen,
      boolean repeatable,
      int attempt) {
    acquire();
    long start = System.nanoTime();
    Answer answer;
    try {
      answer = guard.send(() -> read(call.get()));
    } catch (CallGuard.Open open) {
      // Not sent: the site keeps failing. Whatever this is for parks now instead of spending
      // its attempts against a site that is down.
      throw new CloudException(
          ErrorKind.RETRYABLE, 0, site, api, said(named, "not sent: " + open.getMessage()), null);
    } catch (ProcessingException e) {
      observer.onCall(site, api, method, path, 0, System.nanoTime() - start);
      CloudException refused = refusedBefore(e);
      if (refused != null) {
        throw refused;
      }
      String reason = "no answer (" + failure(e) + ")";
      if (!repeatable && !TransportFailure.neverSent(e)) {
        throw outcomeUnknown(named, 0, reason, e);
      }
      throw new Again(0, said(named, "got " + reason), e, policy.backoff(attempt), attempt);
    }
    int status = answer.status();
    observer.onCall(site, api, method, path, status, System.nanoTime() - start);
    if ((status >= 200 && status < 300) || seen.contains(status)) {
      LOG.debugf("%s %s %s -> %d", site, api, named, status);
      return answer;
    }
    String reason = status + " " + brief(answer.body());
    ErrorKind kind = ErrorClassifier.classify(status);
    if (kind == ErrorKind.RETRYABLE && !repeatable && status != 429) {
      throw outcomeUnknown(named, status, reason, null);
    }
    if (kind != ErrorKind.RETRYABLE) {
      throw new CloudException(
          kind,
          status,
          site,
          api,
          said(named, "answered " + reason)
              + (attempt > 1 ? " after " + attempt + " attempts" : ""),
          null);
    }
    Duration wait =
        status == 429 ? retryAfter(answer.retryAfter(), policy) : policy.backoff(attempt);
    if (status == 429) {
      limiter.backOff(wait);
    }
    throw new Again(status, said(named, "answered " + reason), null, wait, attempt);
  }

  /**
   * A retryable failure of one attempt: how long to wait before the next, and what to say if it was
   * the last. Only the retry guard sees it.
   */
  private final class Again extends RuntimeException {
    final int status;
    final Duration wait;
    final int attempt;

    Again(int status, String message, Throwable cause, Duration wait, int attempt) {
      super(message, cause, false, false);
      this.status = status;
      this.wait = wait;
      this.attempt = attempt;
    }

    /** What the caller is told when this was the last attempt. */
    CloudException exhausted() {
      return new CloudException(
          ErrorKind.RETRYABLE,
          status,
          site,
          api,
          getMessage() + " after " + attempt + " attempts",
          getCause());
    }
  }

  /**
   * The retries of every call (SmallRye Fault Tolerance): up to {@code maxAttempts} attempts, each
   * retry after the wait its failure asked for (Retry-After on a 429, else the policy's jittered
   * backoff), logged before it is made.
   */
  private Guard retries() {
    return Guard.create()
        .withDescription(site + " " + api + " calls")
        .withRetry()
        .maxRetries(policy.maxAttempts() - 1)
        .delay(0, ChronoUnit.MILLIS)
        .jitter(0, ChronoUnit.MILLIS)
        .maxDuration(
            MAX_RETRY_AFTER.plus(policy.maxBackoff()).multipliedBy(policy.maxAttempts()).toMillis(),
            ChronoUnit.MILLIS)
        .whenException(Again.class::isInstance)
        .withCustomBackoff()
        .strategy(() -> failure -> ((Again) failure).wait.toMillis())
        .done()
        .beforeRetry(
            failure -> {
              Again a = (Again) failure;
              LOG.warnf(
                  "%s; attempt %d/%d, retrying in %d ms",
                  a.getMessage(), a.attempt, policy.maxAttempts(), a.wait.toMillis());
            })
        .done()
        .build();
  }

  /** Reads the whole answer and closes the response (its connection goes back to the pool). */
  private static Answer read(Response response) {
    try (response) {
      byte[] body = response.hasEntity() ? response.readEntity(byte[].class) : null;
      return new Answer(
          response.getStatus(),
          body == null ? new byte[0] : body,
          Optional.ofNullable(response.getHeaderString("Retry-After")));
    }
  }

  /**
   * A {@link CloudException} raised before anything was sent (a request filter refusing to send the
   * token elsewhere), which the REST Client wraps; it is thrown as it is, not retried.
   */
  private static CloudException refusedBefore(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CloudException c) {
        return c;
      }
    }
    return null;
  }

  /** The innermost cause's type: what actually failed (the REST Client wraps it). */
  private static String failure(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName();
  }

  private CloudException outcomeUnknown(String call, int status, String reason, Throwable cause) {
    return new CloudException(
        ErrorKind.RETRYABLE,
        status,
        site,
        api,
        said(call, "got " + reason)
            + "; not re-sent, since it may have been stored: look before creating again",
        cause,
        true);
  }

  /** How a failed call is named in a message: site, API, call and what happened (no token). */
  private String said(String call, String what) {
    return site + " " + api + ": " + call + " " + what;
  }

  /** The longest wait a 429's Retry-After is honoured for. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

  /**
   * The wait a 429 asks for, between 1 s and {@link #MAX_RETRY_AFTER}: an answer cannot hold a
   * caller (and every holder of the token) for hours.
   */
  static Duration retryAfter(Optional<String> header, RetryPolicy policy) {
    return header
        .flatMap(
            v -> {
              try {
                long seconds = Math.max(1, Long.parseLong(v.trim()));
                return Optional.of(
                    Duration.ofSeconds(Math.min(seconds, MAX_RETRY_AFTER.toSeconds())));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            })
        .orElse(policy.rateLimitWait());
  }

  private static String brief(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
    if (text.startsWith("<")) {
      return "(html)";
    }
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }

  private void acquire() {
    try {
      limiter.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CloudException(
          ErrorKind.RETRYABLE, 0, site, api, site + " " + api + ": interrupted, not sent", e);
    }
  }
}
