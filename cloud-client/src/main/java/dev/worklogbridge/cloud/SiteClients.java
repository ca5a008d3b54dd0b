package dev.worklogbridge.cloud;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Builds the Tempo and Jira clients of one site. Tokens are read through suppliers on every call,
 * so a replaced token takes effect without a restart; one rate limiter per token.
 */
public final class SiteClients {

  private SiteClients() {}

  public static TempoClient tempo(
      String site,
      String baseUrl,
      Supplier<String> token,
      double requestsPerSecond,
      RetryPolicy policy,
      CallObserver observer,
      HttpClient http,
      Duration timeout,
      CallGuard guard) {
    RateLimiter limiter =
        RateLimiter.forToken(
            "tempo:" + baseUrl + ":" + fingerprint(token.get()), requestsPerSecond);
    HttpCaller caller =
        new HttpCaller(
            site,
            "tempo",
            http,
            () -> "Bearer " + token.get(),
            limiter,
            policy,
            observer,
            timeout,
            guard);
    return new TempoClient(baseUrl, caller);
  }

  public static JiraClient jira(
      String site,
      String baseUrl,
      Supplier<String> email,
      Supplier<String> apiToken,
      double requestsPerSecond,
      RetryPolicy policy,
      CallObserver observer,
      HttpClient http,
      Duration timeout,
      CallGuard guard) {
    RateLimiter limiter =
        RateLimiter.forToken(
            "jira:" + baseUrl + ":" + fingerprint(apiToken.get()), requestsPerSecond);
    Supplier<String> basic =
        () ->
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (email.get() + ":" + apiToken.get()).getBytes(StandardCharsets.UTF_8));
    HttpCaller caller =
        new HttpCaller(site, "jira", http, basic, limiter, policy, observer, timeout, guard);
    return new JiraClient(baseUrl, caller);
  }

  /** A short, one-way name for a token, safe to use as a key (never to log the token). */
  public static String fingerprint(String token) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(String.valueOf(token).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 6);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
