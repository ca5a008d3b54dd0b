package dev.worklogbridge.simulator.gateway;

import dev.worklogbridge.simulator.model.ApiError;
import dev.worklogbridge.simulator.model.SimSite;
import dev.worklogbridge.simulator.model.TempoToken;
import dev.worklogbridge.simulator.model.WorklogChange;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** All simulated sites, their tokens, limits and faults. */
@ApplicationScoped
public class SiteRegistry {

  private final Map<String, SimSite> sites = new ConcurrentHashMap<>();
  private final Map<String, TempoToken> tempoTokens = new ConcurrentHashMap<>();
  private final Map<String, SiteLimits> limits = new ConcurrentHashMap<>();
  private final Map<String, List<FaultRule>> faults = new ConcurrentHashMap<>();
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final List<Consumer<WorklogChange>> changeListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<dev.worklogbridge.simulator.model.JiraWorklogChange>> jiraListeners =
      new CopyOnWriteArrayList<>();
  private final Settings settings = new Settings();

  public Settings settings() {
    return settings;
  }

  /** Listeners every site (present and future) reports its worklog changes to. */
  public void onChange(Consumer<WorklogChange> listener) {
    changeListeners.add(listener);
    sites.values().forEach(s -> s.tempo().onChange(listener));
  }

  /** Listeners every site (present and future) reports its Jira worklog changes to. */
  public void onJiraChange(Consumer<dev.worklogbridge.simulator.model.JiraWorklogChange> listener) {
    jiraListeners.add(listener);
    sites.values().forEach(s -> s.jira().onChange(listener));
  }

  public SimSite create(String name) {
    if (!name.matches("[a-z0-9][a-z0-9-]{0,63}")) {
      throw ApiError.badRequest("site name must be lowercase letters, digits and hyphens: " + name);
    }
    SimSite site = new SimSite(name);
    if (sites.putIfAbsent(name, site) != null) {
      throw ApiError.badRequest("site " + name + " exists");
    }
    changeListeners.forEach(site.tempo()::onChange);
    jiraListeners.forEach(site.jira()::onChange);
    return site;
  }

  public SimSite site(String name) {
    return sites.get(name);
  }

  public SimSite require(String name) {
    SimSite site = sites.get(name);
    if (site == null) {
      throw ApiError.notFound("no site " + name);
    }
    return site;
  }

  public List<SimSite> all() {
    return new ArrayList<>(sites.values());
  }

  public void reset() {
    sites.clear();
    tempoTokens.clear();
    limits.clear();
    faults.clear();
    buckets.clear();
    settings.reset();
    SimClock.run();
    SimSite.stampMillis(false);
  }

  // ---- tokens ----

  public void putTempoToken(TempoToken token) {
    tempoTokens
        .values()
        .removeIf(t -> t.site().equals(token.site()) && t.label().equals(token.label()));
    tempoTokens.put(token.token(), token);
  }

  public void revokeTempoToken(String site, String label) {
    TempoToken token =
        tempoTokens.values().stream()
            .filter(t -> t.site().equals(site) && t.label().equals(label))
            .findFirst()
            .orElseThrow(() -> ApiError.notFound("no token labelled " + label + " on " + site));
    tempoTokens.put(token.token(), token.revoke());
  }

  public Optional<TempoToken> tempoToken(String token) {
    return Optional.ofNullable(tempoTokens.get(token));
  }

  /**
   * The site whose Jira credentials these are, if any (to spot a credential used on the wrong
   * site).
   */
  public Optional<String> jiraCredentialSite(String email, String apiToken) {
    return sites.values().stream()
        .filter(s -> s.directory().jiraAccountFor(email, apiToken) != null)
        .map(s -> s.name)
        .findFirst();
  }

  public boolean tokenValid(TempoToken token) {
    return token.isValidAt(SimClock.instant());
  }

  // ---- limits ----

  public SiteLimits limits(String site) {
    return limits.getOrDefault(site, SiteLimits.DEFAULT);
  }

  public void setLimits(String site, SiteLimits value) {
    limits.put(site, value);
    buckets.keySet().removeIf(k -> k.startsWith(site + "|"));
  }

  /** Takes one request from the token's bucket; false means 429. */
  public boolean admit(String site, String api, String tokenLabel) {
    SiteLimits l = limits(site);
    double rate = "tempo".equals(api) ? l.tempoRequestsPerSecond() : l.jiraRequestsPerSecond();
    if (rate <= 0) {
      return true;
    }
    TokenBucket bucket =
        buckets.computeIfAbsent(site + "|" + api + "|" + tokenLabel, k -> new TokenBucket(rate));
    return bucket.tryAcquire();
  }

  // ---- faults ----

  public void addFault(String site, FaultRule rule) {
    faults.computeIfAbsent(site, k -> new CopyOnWriteArrayList<>()).add(rule);
  }

  public void clearFaults(String site) {
    faults.remove(site);
  }

  /** The first fault that applies to this request, or null. */
  public FaultRule.Decision fault(String site, String api, String method, String relativePath) {
    List<FaultRule> rules = faults.get(site);
    if (rules == null) {
      return null;
    }
    for (FaultRule rule : rules) {
      FaultRule.Decision d = rule.decide(api, method, relativePath);
      if (d != null && (d.outcome() != FaultRule.Outcome.PASS || d.delayMs() > 0)) {
        return d;
      }
    }
    return null;
  }
}
