package dev.worklogbridge.simulator.gateway;

import dev.worklogbridge.simulator.model.SimSite;
import dev.worklogbridge.simulator.model.TempoToken;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** What the gateway learned about the current call: the site, and who is calling. */
@ApplicationScoped
public class Calls {

  @Inject CurrentVertxRequest current;

  public RoutingContext context() {
    return current.getCurrent();
  }

  public SimSite site() {
    return context().get(Gateway.SITE);
  }

  public TempoToken tempoToken() {
    return context().get(Gateway.TEMPO_TOKEN);
  }

  public String jiraAccount() {
    return context().get(Gateway.JIRA_ACCOUNT);
  }
}
