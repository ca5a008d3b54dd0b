package dev.worklogbridge.runtime.site;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while a site's token is rejected; the data says which and why (AUTH_FAILED). Problems
 * with the configuration a site refuses are listed too (CONFIGURATION), without making the service
 * unready: the rest of its work goes on.
 */
@Readiness
@ApplicationScoped
public class SiteReadiness implements HealthCheck {

  @Inject SiteHealth health;
  @Inject ConfigurationProblems problems;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder b = HealthCheckResponse.named("worklog-bridge sites");
    health
        .failures()
        .forEach(
            (siteApi, f) ->
                b.withData(siteApi, "AUTH_FAILED since " + f.since() + ": " + f.reason()));
    problems
        .all()
        .forEach(
            (where, p) ->
                b.withData(where, "CONFIGURATION since " + p.since() + ": " + p.reason()));
    return health.failures().isEmpty() ? b.up().build() : b.down().build();
  }
}
