package dev.worklogbridge.cloud;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Builds the Tempo and Jira clients of one site: a MicroProfile REST Client ({@link TempoApi},
 * {@link JiraApi}) on the site's base URL, its credentials put on each request by {@link
 * SiteAuthorization} (read through suppliers, so a replaced token takes effect without a restart),
 * every call made through one {@link CallPolicy}: Tempo's within the {@link RequestBudget} the
 * caller gives (shared by every process using the token), Jira's within this process's {@link
 * RateLimiter} of the token. Needs a running Quarkus application (the services, or a
 * {@code @QuarkusTest}).
 */
public final class SiteClients {

  private SiteClients() {}

  public static TempoClient tempo(
      String site,
      String baseUrl,
      Supplier<String> token,
      RequestBudget budget,
      RetryPolicy policy,
      CallObserver observer,
      Duration timeout,
      CallGuard guard) {
    TempoApi api =
        build(
                base(baseUrl),
                timeout,
                new SiteAuthorization("tempo", base(baseUrl), () -> "Bearer " + token.get()))
            .build(TempoApi.class);
    return new TempoClient(
        base(baseUrl), api, new CallPolicy(site, "tempo", budget, policy, observer, guard));
  }

  public static JiraClient jira(
      String site,
      String baseUrl,
      Supplier<String> email,
      Supplier<String> apiToken,
      double requestsPerSecond,
      RetryPolicy policy,
      CallObserver observer,
      Duration timeout,
      CallGuard guard) {
    RateLimiter limiter =
        RateLimiter.forToken(tokenKey("jira", baseUrl, apiToken.get()), requestsPerSecond);
    Supplier<String> basic =
        () ->
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (email.get() + ":" + apiToken.get()).getBytes(StandardCharsets.UTF_8));
    JiraApi api =
        build(base(baseUrl), timeout, new SiteAuthorization("jira", base(baseUrl), basic))
            .build(JiraApi.class);
    return new JiraClient(api, new CallPolicy(site, "jira", limiter, policy, observer, guard));
  }

  /** A REST Client builder for one site's API: no redirects, no default error mapper. */
  static QuarkusRestClientBuilder build(
      URI base, Duration timeout, SiteAuthorization authorization) {
    return QuarkusRestClientBuilder.newBuilder()
        .baseUri(base)
        // Every status comes back as an answer: CallPolicy classifies it once.
        .property("microprofile.rest.client.disable.default.mapper", true)
        .connectTimeout(5, TimeUnit.SECONDS)
        .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .followRedirects(false)
        .register(authorization);
  }

  private static URI base(String baseUrl) {
    return URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
  }

  /**
   * Names a token's budget: the API, the site's base URL and the token's fingerprint (never the
   * token).
   */
  public static String tokenKey(String api, String baseUrl, String token) {
    return api + ":" + baseUrl + ":" + fingerprint(token);
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
