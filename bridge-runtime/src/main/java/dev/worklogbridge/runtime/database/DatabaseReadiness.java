package dev.worklogbridge.runtime.database;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while PostgreSQL does not answer a trivial query within {@link Database#BOUND}; the
 * check itself never waits longer, so readiness answers DOWN promptly when the database hangs. It
 * replaces the datasource's own check, which waits as long as the database does.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

  @Inject Database database;

  @Override
  public HealthCheckResponse call() {
    String problem = database.check();
    return problem == null
        ? HealthCheckResponse.up("worklog-bridge database")
        : HealthCheckResponse.named("worklog-bridge database")
            .down()
            .withData("reason", problem)
            .build();
  }
}
