package dev.worklogbridge.cloud;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Sends one request to one site's API the polite way: through the token's rate limiter, retried
 * within the {@link RetryPolicy} on retryable failures (Retry-After honoured on 429), classified
 * once by {@link ErrorClassifier}. The only class in the project that talks HTTP to the clouds.
 */
public final class HttpCaller {

  private static final Logger LOG = Logger.getLogger(HttpCaller.class);

  /** A successful answer (or one the caller asked to see, such as a 404). */
  public record Answer(int status, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final String site;
  private final String api;
  private final HttpClient http;
  private final Supplier<String> authorization;
  private final RateLimiter limiter;
  private final RetryPolicy policy;
  private final CallObserver observer;
  private final Duration timeout;
  private final CallGuard guard;

  public HttpCaller(
      String site,
      String api,
      HttpClient http,
      Supplier<String> authorization,
      RateLimiter limiter,
      RetryPolicy policy,
      CallObserver observer,
      Duration timeout,
      CallGuard guard) {
    this.site = site;
    this.api = api;
    this.http = http;
    this.authorization = authorization;
    this.limiter = limiter;
    this.policy = policy;
    this.observer = observer;
    this.timeout = timeout;
    this.guard = guard;
  }

  /** A shared HTTP client: HTTP/1.1, short connect timeout. */
  public static HttpClient defaultClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  public String site() {
    return site;
  }

  /**
   * Sends and returns the answer when its status is 2xx or in {@code seen}; retries what is
   * retryable; throws {@link CloudException} otherwise. Only for calls that may be repeated safely:
   * reads, full-replacement updates, deletes, searches.
   */
  public Answer send(String method, URI uri, byte[] body, Set<Integer> seen) {
    return send(method, uri, body, seen, true);
  }

  /**
   * Sends a call that must not happen twice (a create). It is re-sent only when the answer proves
   * that nothing was done: a 429 (the gateway refused it) or a connection that was never made. A
   * timeout, a dropped connection, a 408 or a 5xx may come after the write was stored, so they
   * throw at once ({@link CloudException#outcomeUnknown()}): the caller looks for what was stored
   * before it creates anything again.
   */
  public Answer sendOnce(String method, URI uri, byte[] body, Set<Integer> seen) {
    return send(method, uri, body, seen, false);
  }

  private Answer send(String method, URI uri, byte[] body, Set<Integer> seen, boolean repeatable) {
    String call = method + " " + uri.getPath();
    for (int attempt = 1; ; attempt++) {
      int status;
      Duration wait;
      String reason;
      try {
        limiter.acquire();
        long start = System.nanoTime();
        HttpResponse<byte[]> response;
        try {
          HttpRequest request = request(method, uri, body);
          response = guard.send(() -> http.send(request, HttpResponse.BodyHandlers.ofByteArray()));
        } catch (CallGuard.Open open) {
          // Not sent: the site keeps failing. Whatever this is for parks now instead of spending
          // its attempts against a site that is down.
          throw new CloudException(
              ErrorKind.RETRYABLE,
              0,
              site,
              api,
              said(call, "not sent: " + open.getMessage()),
              null);
        } catch (IOException e) {
          observer.onCall(site, api, method, uri.getPath(), 0, System.nanoTime() - start);
          throw e;
        }
        status = response.statusCode();
        observer.onCall(site, api, method, uri.getPath(), status, System.nanoTime() - start);
        if ((status >= 200 && status < 300) || seen.contains(status)) {
          LOG.debugf("%s %s %s -> %d", site, api, call, status);
          return new Answer(status, response.body());
        }
        reason = status + " " + brief(response.body());
        ErrorKind kind = ErrorClassifier.classify(status);
        if (kind == ErrorKind.RETRYABLE && !repeatable && status != 429) {
          throw outcomeUnknown(call, status, reason, null);
        }
        if (kind != ErrorKind.RETRYABLE || attempt >= policy.maxAttempts()) {
          throw new CloudException(
              kind,
              status,
              site,
              api,
              said(call, "answered " + reason)
                  + (attempt > 1 ? " after " + attempt + " attempts" : ""),
              null);
        }
        wait = status == 429 ? retryAfter(response) : policy.backoff(attempt);
        if (status == 429) {
          limiter.backOff(wait);
        }
      } catch (IOException e) {
        status = 0;
        reason = "no answer (" + e.getClass().getSimpleName() + ")";
        if (!repeatable && !TransportFailure.neverSent(e)) {
          throw outcomeUnknown(call, 0, reason, e);
        }
        if (attempt >= policy.maxAttempts()) {
          throw new CloudException(
              ErrorKind.RETRYABLE,
              0,
              site,
              api,
              said(call, "got " + reason + " after " + attempt + " attempts"),
              e);
        }
        wait = policy.backoff(attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CloudException(ErrorKind.RETRYABLE, 0, site, api, said(call, "interrupted"), e);
      }
      LOG.warnf(
          "%s %s: %s got %s; attempt %d/%d, retrying in %d ms",
          site, api, call, reason, attempt, policy.maxAttempts(), wait.toMillis());
      sleep(wait);
    }
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

  private HttpRequest request(String method, URI uri, byte[] body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Authorization", authorization.get())
            .header("Accept", "application/json");
    if (body != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return b.build();
  }

  private Duration retryAfter(HttpResponse<?> response) {
    return retryAfter(response.headers().firstValue("Retry-After"), policy);
  }

  /** The longest wait a 429's Retry-After is honoured for. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

  /**
   * The wait a 429 asks for, between 1 s and {@link #MAX_RETRY_AFTER}: an answer cannot hold a
   * caller (and every holder of the token) for hours.
   */
  static Duration retryAfter(java.util.Optional<String> header, RetryPolicy policy) {
    return header
        .flatMap(
            v -> {
              try {
                long seconds = Math.max(1, Long.parseLong(v.trim()));
                return java.util.Optional.of(
                    Duration.ofSeconds(Math.min(seconds, MAX_RETRY_AFTER.toSeconds())));
              } catch (NumberFormatException e) {
                return java.util.Optional.empty();
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

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CloudException(ErrorKind.RETRYABLE, 0, "", "interrupted while backing off", e);
    }
  }
}
