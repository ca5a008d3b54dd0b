package dev.worklogbridge.runtime.site;

import dev.worklogbridge.cloud.CallObserver;
import dev.worklogbridge.cloud.RetryPolicy;
import dev.worklogbridge.cloud.SiteClients;
import dev.worklogbridge.cloud.TempoClient;
import dev.worklogbridge.runtime.config.BridgeConfig;
import dev.worklogbridge.runtime.tracing.BridgeSpans;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The clients of every configured site, built once. Tokens come from {@link SecretSource}s, so a
 * replaced token is used by the very next call. A Tempo token's requests keep to one budget shared
 * by every process that uses it ({@link SharedTokenBudget}). Every answer is counted by site, API
 * and status.
 */
@ApplicationScoped
public class Sites {

  @Inject BridgeConfig config;
  @Inject MeterRegistry metrics;
  @Inject BridgeSpans spans;
  @Inject DataSource db;

  private final Map<String, SiteRuntime> sites = new ConcurrentHashMap<>();

  @PostConstruct
  void build() {
    CallObserver observer = this::observe;
    config
        .sites()
        .forEach(
            (name, site) -> {
              SecretSource tempoToken =
                  new SecretSource("bridge.sites." + name + ".tempo-token", site.tempoToken());
              SecretSource jiraToken =
                  new SecretSource("bridge.sites." + name + ".jira-token", site.jiraToken());
              RetryPolicy policy =
                  new RetryPolicy(
                      site.maxAttempts(),
                      Duration.ofMillis(250),
                      Duration.ofSeconds(15),
                      Duration.ofSeconds(1));
              Optional<TempoClient> tempo =
                  site.tempoUrl()
                      .map(
                          url ->
                              SiteClients.tempo(
                                  name,
                                  url,
                                  tempoToken,
                                  new SharedTokenBudget(
                                      db,
                                      name + " tempo",
                                      () -> SiteClients.tokenKey("tempo", url, tempoToken.get()),
                                      site.tempoRequestsPerSecond(),
                                      site.tempoTurnMargin(),
                                      config.tempoYieldsFor()),
                                  policy,
                                  observer,
                                  site.requestTimeout(),
                                  circuit(name, "tempo", site)));
              var jira =
                  SiteClients.jira(
                      name,
                      site.jiraUrl(),
                      () -> site.jiraEmail().orElse(""),
                      jiraToken,
                      site.jiraRequestsPerSecond(),
                      policy,
                      observer,
                      site.requestTimeout(),
                      circuit(name, "jira", site));
              sites.put(name, new SiteRuntime(name, tempo, jira, tempoToken, jiraToken));
            });
  }

  /** The circuit breaker of one site's API; its openings are logged and counted. */
  private SiteCircuit circuit(String site, String api, BridgeConfig.Site config) {
    return new SiteCircuit(
        site,
        api,
        config.circuitWindow(),
        config.circuitOpenFor(),
        state -> {
          metrics
              .counter(
                  "worklog_bridge_circuit_changes",
                  "site",
                  site,
                  "api",
                  api,
                  "state",
                  state.name().toLowerCase(java.util.Locale.ROOT))
              .increment();
          if (state == CircuitBreakerState.OPEN) {
            Log.warnf(
                "%s %s: most of the last %d calls found it down; calls stop for %d s and"
                    + " the events needing it park",
                site, api, config.circuitWindow(), config.circuitOpenFor().toSeconds());
          } else {
            Log.infof(
                "%s %s: circuit %s", site, api, state.name().toLowerCase(java.util.Locale.ROOT));
          }
        });
  }

  public SiteRuntime site(String name) {
    SiteRuntime s = sites.get(name);
    if (s == null) {
      throw new IllegalArgumentException("no site " + name + " in bridge.sites");
    }
    return s;
  }

  public Map<String, SiteRuntime> all() {
    return Map.copyOf(sites);
  }

  private void observe(
      String site, String api, String method, String path, int status, long nanos) {
    spans.call(site, api, method, path, status, nanos);
    metrics
        .counter(
            "worklog_bridge_cloud_calls",
            "site",
            site,
            "api",
            api,
            "method",
            method,
            "status",
            Integer.toString(status))
        .increment();
    Timer.builder("worklog_bridge_cloud_call_duration")
        .tag("site", site)
        .tag("api", api)
        .publishPercentiles(0.5, 0.99)
        .register(metrics)
        .record(nanos, TimeUnit.NANOSECONDS);
  }
}
