package dev.worklogbridge.runtime.site;

import dev.worklogbridge.cloud.CloudException;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * Asks the clouds whether rejected tokens work again (every few seconds), so that a replaced token
 * resumes the paused work by itself, without a restart.
 */
@ApplicationScoped
public class TokenProbe {

  @Inject Sites sites;
  @Inject SiteHealth health;

  @Scheduled(
      every = "${bridge.token-probe-interval:5s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void probeRejected() {
    for (Map.Entry<String, SiteHealth.Failure> failure : health.failures().entrySet()) {
      String[] siteApi = failure.getKey().split("/");
      probe(siteApi[0], siteApi[1]);
    }
  }

  /** Checks one site's token for one API now; records the outcome. Returns true when it works. */
  public boolean probe(String site, String api) {
    SiteRuntime s = sites.site(site);
    try {
      if ("tempo".equals(api)) {
        s.requireTempo().checkToken();
      } else {
        s.jira().myself();
      }
      if (health.isAuthFailed(site, api)) {
        Log.infof("%s: the %s token works again; resuming", site, api);
      }
      health.ok(site, api);
      return true;
    } catch (CloudException e) {
      if (e.isAuth()) {
        health.authFailed(
            site, api, api + " rejected the token (401): replace it (file or admin API)");
        return false;
      }
      // Not an answer about the token: keep the current state.
      return !health.isAuthFailed(site, api);
    }
  }
}
