package dev.worklogbridge.runtime.site;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which sites' tokens the clouds currently reject. A rejected token pauses everything that needs it
 * (visibly: readiness says why) until a probe finds it working again.
 */
@ApplicationScoped
public class SiteHealth {

  /** Why a site's API refuses us, and since when. */
  public record Failure(String reason, Instant since) {}

  private final Map<String, Failure> failures = new ConcurrentHashMap<>();

  private static String key(String site, String api) {
    return site + "/" + api;
  }

  public void authFailed(String site, String api, String reason) {
    failures.putIfAbsent(key(site, api), new Failure(reason, Instant.now()));
  }

  public void ok(String site, String api) {
    failures.remove(key(site, api));
  }

  public boolean isAuthFailed(String site) {
    return failures.containsKey(key(site, "tempo")) || failures.containsKey(key(site, "jira"));
  }

  public boolean isAuthFailed(String site, String api) {
    return failures.containsKey(key(site, api));
  }

  /** site/api to failure, sorted. */
  public Map<String, Failure> failures() {
    return new TreeMap<>(failures);
  }
}
